package cc.equa.msgraph.spi;

import java.util.List;

/**
 * Look up an Equa organization's team members: the people (and entities) its Microsoft 365 group should reflect.
 * Implemented by the host.
 *
 * <p>Throw an exception when the lookup fails; never return an empty list in place of an error. The library treats
 * an exception as "team unknown" and plans no removal, but an empty list as "the team is empty", which the removal
 * guard then has to catch.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TeamDirectory {

    /**
     * List an organization's team members.
     *
     * @param organization the organization
     * @return its members, in any order
     * @since 0.1.0
     */
    List<TeamMember> members(OrganizationId organization);
}
