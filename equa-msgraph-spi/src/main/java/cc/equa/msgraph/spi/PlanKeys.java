package cc.equa.msgraph.spi;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the keys that authenticate sync plans come from. A plan's JSON is untrusted input by the time it comes back
 * to be applied (a browser form, a cache, a queue): every plan carries an HMAC-SHA256 over its whole content, made
 * with {@link #current(OrganizationId)} and checked with {@link #find(OrganizationId, String)} before anything is
 * applied, so an edited plan, or one signed with another key, is refused.
 *
 * <p><b>Default.</b> Hosts need not implement this: without {@code MicrosoftIntegration.Builder#planKeys}, the
 * library keeps one random 256-bit key per organization in that organization's settings (through the
 * {@link SettingsStore}, so every node sharing the store verifies every other node's plans, across restarts;
 * {@link EncryptingSettingsStore} seals it like a client secret).
 *
 * <p><b>Rotation.</b> New plans are signed with the current key; a plan signed with an older key verifies as long as
 * {@link #find} still returns that key. Retire a key by no longer returning it: plans it signed are then refused
 * ("plan again"). Plans are short-lived review artifacts, so a retired key can go after the longest time a host keeps
 * a plan between review and apply.
 *
 * <p>Implementations must be thread-safe and should be fast (they are called once per plan and once per apply).
 *
 * @since 0.2.0
 */
public interface PlanKeys {

    /**
     * Return the key new plans for an organization are signed with.
     *
     * @param organization the organization
     * @return the current key
     * @since 0.2.0
     */
    PlanKey current(OrganizationId organization);

    /**
     * Return the key with this id, if it may still verify plans of the organization (the current key or one not yet
     * retired).
     *
     * @param organization the organization
     * @param keyId the id written in the plan: untrusted, but always 1 to 64 of {@code A-Z a-z 0-9 _ . -}
     * @return the key, or empty if unknown or retired
     * @since 0.2.0
     */
    Optional<PlanKey> find(OrganizationId organization, String keyId);

    /**
     * Return a key source with the same keys for every organization (for example keys from the host's secrets
     * vault). A plan stays bound to its organization: the organization is part of what the key authenticates.
     *
     * @param current the key new plans are signed with
     * @param retired keys that still verify plans signed earlier
     * @return the key source
     * @throws IllegalArgumentException if two keys share an id
     * @since 0.2.0
     */
    static PlanKeys of(PlanKey current, PlanKey... retired) {
        Objects.requireNonNull(current, "'current' must not be null");
        Map<String, PlanKey> byId = new LinkedHashMap<>();
        byId.put(current.id(), current);
        for (PlanKey k : Arrays.asList(Objects.requireNonNull(retired, "'retired' must not be null"))) {
            if (byId.putIfAbsent(Objects.requireNonNull(k, "'retired' must not hold null").id(), k) != null) {
                throw new IllegalArgumentException("Two plan keys share the id '" + k.id() + "'");
            }
        }
        Map<String, PlanKey> keys = Map.copyOf(byId);
        return new PlanKeys() {
            @Override
            public PlanKey current(OrganizationId organization) {
                return current;
            }

            @Override
            public Optional<PlanKey> find(OrganizationId organization, String keyId) {
                return Optional.ofNullable(keys.get(keyId));
            }

            @Override
            public String toString() {
                return "PlanKeys[current=" + current.id() + ", " + keys.size() + " key(s)]";
            }
        };
    }
}
