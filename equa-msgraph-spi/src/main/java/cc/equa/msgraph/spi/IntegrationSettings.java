package cc.equa.msgraph.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the library stores for one organization: its credentials, whether the integration is enabled, the linked
 * Microsoft 365 group, and small opaque state entries the library keeps between calls (for example a delta link or
 * a pending group creation). Immutable; change it with the {@code with*} methods.
 *
 * <p>Hosts persist the whole value and hand it back unchanged. The {@code state} entries are the library's: keys
 * start with a feature prefix such as {@code "sync."}; hosts must not interpret them.
 *
 * @param credentials the organization's Entra application credentials, or {@code null} when not connected
 * @param enabled whether the integration is enabled for the organization; when false every operation fails fast
 * @param linkedGroupId the id of the linked Microsoft 365 group, or {@code null} when none is linked
 * @param state the library's opaque state entries (copied; never null)
 * @since 0.1.0
 */
public record IntegrationSettings(
        @Nullable AppCredentials credentials,
        boolean enabled,
        @Nullable String linkedGroupId,
        Map<String, String> state) {

    /**
     * Copy the state map.
     *
     * @param credentials the organization's Entra application credentials, or {@code null} when not connected
     * @param enabled whether the integration is enabled for the organization; when false every operation fails fast
     * @param linkedGroupId the id of the linked Microsoft 365 group, or {@code null} when none is linked
     * @param state the library's opaque state entries (copied; never null)
     */
    public IntegrationSettings {
        state = Map.copyOf(Objects.requireNonNull(state, "'state' must not be null"));
    }

    /**
     * Return settings with nothing stored: no credentials, enabled, no linked group, no state.
     *
     * @return empty settings
     * @since 0.1.0
     */
    public static IntegrationSettings empty() {
        return new IntegrationSettings(null, true, null, Map.of());
    }

    /**
     * Return the credentials, if the organization is connected.
     *
     * @return the credentials
     * @since 0.1.0
     */
    public Optional<AppCredentials> credentialsIfAny() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Return the linked group id, if a group is linked.
     *
     * @return the group id
     * @since 0.1.0
     */
    public Optional<String> linkedGroupIdIfAny() {
        return Optional.ofNullable(linkedGroupId);
    }

    /**
     * Return one state entry.
     *
     * @param key the entry's key
     * @return its value
     * @since 0.1.0
     */
    public Optional<String> stateValue(String key) {
        return Optional.ofNullable(state.get(key));
    }

    /**
     * Return a copy with other credentials ({@code null} forgets them).
     *
     * @param newCredentials the credentials
     * @return the new settings
     * @since 0.1.0
     */
    public IntegrationSettings withCredentials(@Nullable AppCredentials newCredentials) {
        return new IntegrationSettings(newCredentials, enabled, linkedGroupId, state);
    }

    /**
     * Return a copy with the enabled flag set.
     *
     * @param newEnabled whether the integration is enabled
     * @return the new settings
     * @since 0.1.0
     */
    public IntegrationSettings withEnabled(boolean newEnabled) {
        return new IntegrationSettings(credentials, newEnabled, linkedGroupId, state);
    }

    /**
     * Return a copy with another linked group ({@code null} unlinks).
     *
     * @param groupId the group id
     * @return the new settings
     * @since 0.1.0
     */
    public IntegrationSettings withLinkedGroupId(@Nullable String groupId) {
        return new IntegrationSettings(credentials, enabled, groupId, state);
    }

    /**
     * Return a copy with one state entry set ({@code null} removes it).
     *
     * @param key the entry's key
     * @param value the value
     * @return the new settings
     * @since 0.1.0
     */
    public IntegrationSettings withState(String key, @Nullable String value) {
        Map<String, String> copy = new LinkedHashMap<>(state);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new IntegrationSettings(credentials, enabled, linkedGroupId, copy);
    }

    /**
     * Return a copy without any state entry whose key starts with {@code prefix}.
     *
     * @param prefix the key prefix, such as {@code "sync."}
     * @return the new settings
     * @since 0.1.0
     */
    public IntegrationSettings withoutState(String prefix) {
        Map<String, String> copy = new LinkedHashMap<>(state);
        copy.keySet().removeIf(k -> k.startsWith(prefix));
        return new IntegrationSettings(credentials, enabled, linkedGroupId, copy);
    }

    /**
     * Return the component {@code credentials}: the organization's Entra application credentials, or {@code null} when
     * not connected.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #credentialsIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable AppCredentials credentials() {
        return credentials;
    }

    /**
     * Return the component {@code linkedGroupId}: the id of the linked Microsoft 365 group, or {@code null} when none
     * is linked.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #linkedGroupIdIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable String linkedGroupId() {
        return linkedGroupId;
    }

    @Override
    public String toString() {
        return "IntegrationSettings[credentials=" + (credentials == null ? "none" : credentials.describe())
                + ", enabled=" + enabled + ", linkedGroupId=" + linkedGroupId + ", state=" + state.keySet() + "]";
    }
}
