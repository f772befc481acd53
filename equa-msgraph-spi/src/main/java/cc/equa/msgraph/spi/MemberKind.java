package cc.equa.msgraph.spi;

/**
 * What kind of Equa team member a {@link TeamMember} is.
 *
 * @since 0.1.0
 */
public enum MemberKind {
    /** A person. Only individuals can be matched to Entra users. */
    INDIVIDUAL,
    /** An entity such as a fund or a company; never added to a Microsoft 365 group. */
    ENTITY
}
