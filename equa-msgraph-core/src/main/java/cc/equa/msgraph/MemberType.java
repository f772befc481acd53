package cc.equa.msgraph;

/**
 * The kind of directory object a group member is. New kinds may be added; a {@code switch} should keep a default.
 *
 * @since 0.1.0
 */
public enum MemberType {
    /** A user (member or guest). */
    USER,
    /** A nested group. */
    GROUP,
    /** A device. */
    DEVICE,
    /** A service principal (an application's identity in the tenant). */
    SERVICE_PRINCIPAL,
    /** An organizational contact (an external address in the directory). */
    ORG_CONTACT,
    /** An application object. */
    APPLICATION,
    /** A directory object of another type. */
    OTHER
}
