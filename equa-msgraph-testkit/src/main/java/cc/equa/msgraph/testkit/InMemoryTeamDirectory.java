package cc.equa.msgraph.testkit;

import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.TeamDirectory;
import cc.equa.msgraph.spi.TeamMember;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe, in-memory {@link TeamDirectory} for tests and examples. An organization can be made to fail its
 * lookup, to test that a failed lookup never turns into removals.
 *
 * @since 0.1.0
 */
public final class InMemoryTeamDirectory implements TeamDirectory {

    private final Map<OrganizationId, List<TeamMember>> teams = new ConcurrentHashMap<>();
    private final Map<OrganizationId, RuntimeException> failures = new ConcurrentHashMap<>();

    /**
     * Create an empty directory.
     *
     * @since 0.1.0
     */
    public InMemoryTeamDirectory() {
    }

    /**
     * Create a directory holding one organization's team.
     *
     * @param organization the organization
     * @param members its members
     * @return the directory
     * @since 0.1.0
     */
    public static InMemoryTeamDirectory of(OrganizationId organization, TeamMember... members) {
        InMemoryTeamDirectory directory = new InMemoryTeamDirectory();
        directory.set(organization, List.of(members));
        return directory;
    }

    /**
     * Replace an organization's team.
     *
     * @param organization the organization
     * @param members its members
     * @return this directory
     * @since 0.1.0
     */
    public InMemoryTeamDirectory set(OrganizationId organization, Collection<TeamMember> members) {
        teams.put(Objects.requireNonNull(organization, "'organization'"), List.copyOf(members));
        return this;
    }

    /**
     * Add members to an organization's team.
     *
     * @param organization the organization
     * @param members the members to add
     * @return this directory
     * @since 0.1.0
     */
    public InMemoryTeamDirectory add(OrganizationId organization, TeamMember... members) {
        teams.merge(organization, List.of(members), (a, b) -> {
            List<TeamMember> all = new ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        });
        return this;
    }

    /**
     * Make the organization's lookups fail with {@code failure} until {@link #recover} is called.
     *
     * @param organization the organization
     * @param failure what the lookup throws
     * @return this directory
     * @since 0.1.0
     */
    public InMemoryTeamDirectory failWith(OrganizationId organization, RuntimeException failure) {
        failures.put(organization, Objects.requireNonNull(failure, "'failure'"));
        return this;
    }

    /**
     * Make the organization's lookups succeed again.
     *
     * @param organization the organization
     * @return this directory
     * @since 0.1.0
     */
    public InMemoryTeamDirectory recover(OrganizationId organization) {
        failures.remove(organization);
        return this;
    }

    @Override
    public List<TeamMember> members(OrganizationId organization) {
        RuntimeException failure = failures.get(organization);
        if (failure != null) {
            throw failure;
        }
        return teams.getOrDefault(organization, List.of());
    }
}
