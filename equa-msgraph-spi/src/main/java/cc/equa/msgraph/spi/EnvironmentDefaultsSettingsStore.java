package cc.equa.msgraph.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SettingsStore} decorator that supplies a platform-wide default from Equa's deployment settings: the
 * environment variables {@code MS_AUTH_CLIENT_ID}, {@code MS_AUTH_TENANT_ID}, {@code MS_AUTH_SECRET} and
 * {@code MS_AUTH_ENABLED}.
 *
 * <ul>
 *   <li>An organization with <b>nothing stored</b> loads as the defaults: the environment's client-secret
 *       credentials (if the three {@code MS_AUTH_*} credential variables are set) and its enabled flag
 *       ({@code MS_AUTH_ENABLED}, default {@code true}).</li>
 *   <li>An organization with stored settings but <b>no stored credentials</b> inherits the environment's
 *       credentials, so it follows a secret rotated in the deployment. Its own enabled flag, linked group and state
 *       win.</li>
 *   <li>Saves go to the delegate. The environment's credentials are never copied into the delegate: settings whose
 *       credentials equal the defaults are stored without credentials ("inherit"). Saving settings with no
 *       credentials while defaults exist (the organization was disconnected) is remembered with a marker entry
 *       in the settings' state, so the organization stays disconnected instead of inheriting again.</li>
 *   <li>{@link #delete} forgets everything stored, after which the organization loads as the defaults again.</li>
 * </ul>
 *
 * <p>Values are taken as they are (not trimmed): the library's validation rejects a value with stray white space and
 * says so, instead of silently authenticating with something other than what was configured. Blank variables count
 * as unset.
 *
 * <p>Put this decorator outside an {@link EncryptingSettingsStore}:
 * {@code EnvironmentDefaultsSettingsStore.fromSystemEnvironment(EncryptingSettingsStore.builder()...build())}.
 *
 * @since 0.1.0
 */
public final class EnvironmentDefaultsSettingsStore implements SettingsStore {

    /**
     * The environment variable holding the application (client) id.
     *
     * @since 0.1.0
     */
    public static final String CLIENT_ID = "MS_AUTH_CLIENT_ID";
    /**
     * The environment variable holding the directory (tenant) id.
     *
     * @since 0.1.0
     */
    public static final String TENANT_ID = "MS_AUTH_TENANT_ID";
    /**
     * The environment variable holding the client secret's value.
     *
     * @since 0.1.0
     */
    public static final String SECRET = "MS_AUTH_SECRET";
    /**
     * The environment variable holding whether the integration is enabled by default ({@code true}/{@code false}).
     *
     * @since 0.1.0
     */
    public static final String ENABLED = "MS_AUTH_ENABLED";

    /** The state entry that marks an organization that opted out of the default credentials. */
    static final String OPT_OUT_KEY = "defaults.credentials";
    static final String OPT_OUT_VALUE = "none";

    private final SettingsStore delegate;
    private final @Nullable ClientSecretCredentials defaultCredentials;
    private final boolean defaultEnabled;

    private EnvironmentDefaultsSettingsStore(SettingsStore delegate, @Nullable ClientSecretCredentials credentials,
            boolean enabled) {
        this.delegate = delegate;
        this.defaultCredentials = credentials;
        this.defaultEnabled = enabled;
    }

    /**
     * Decorate a store with the defaults of this process's environment ({@link System#getenv()}).
     *
     * @param delegate the host's store
     * @return the decorated store
     * @throws IllegalArgumentException if the variables are set only in part or {@code MS_AUTH_ENABLED} is not a
     *     boolean
     * @since 0.1.0
     */
    public static EnvironmentDefaultsSettingsStore fromSystemEnvironment(SettingsStore delegate) {
        return of(delegate, System.getenv());
    }

    /**
     * Decorate a store with the defaults of the given environment.
     *
     * @param delegate the host's store
     * @param environment the environment variables (only the {@code MS_AUTH_*} ones are read)
     * @return the decorated store
     * @throws IllegalArgumentException if the credential variables are set only in part, or {@code MS_AUTH_ENABLED}
     *     is not {@code true} or {@code false}; the message names the variables, never the secret
     * @since 0.1.0
     */
    public static EnvironmentDefaultsSettingsStore of(SettingsStore delegate, Map<String, String> environment) {
        Objects.requireNonNull(delegate, "'delegate' must not be null");
        Objects.requireNonNull(environment, "'environment' must not be null");
        String clientId = value(environment, CLIENT_ID);
        String tenantId = value(environment, TENANT_ID);
        String secret = value(environment, SECRET);
        String enabled = value(environment, ENABLED);
        List<String> missing = new ArrayList<>();
        if (clientId != null || tenantId != null || secret != null) {
            if (clientId == null) {
                missing.add(CLIENT_ID);
            }
            if (tenantId == null) {
                missing.add(TENANT_ID);
            }
            if (secret == null) {
                missing.add(SECRET);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Microsoft integration defaults are set only in part: "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " missing. Set all of MS_AUTH_CLIENT_ID, MS_AUTH_TENANT_ID and MS_AUTH_SECRET, or none.");
        }
        boolean enabledFlag = true;
        if (enabled != null) {
            String e = enabled.trim().toLowerCase(Locale.ROOT);
            if (e.equals("true")) {
                enabledFlag = true;
            } else if (e.equals("false")) {
                enabledFlag = false;
            } else {
                throw new IllegalArgumentException("MS_AUTH_ENABLED must be 'true' or 'false'.");
            }
        }
        ClientSecretCredentials credentials = clientId == null ? null
                : new ClientSecretCredentials(tenantId, clientId, Secret.of(secret));
        return new EnvironmentDefaultsSettingsStore(delegate, credentials, enabledFlag);
    }

    private static @Nullable String value(Map<String, String> environment, String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * Return the default credentials, if the environment defines them.
     *
     * @return the credentials
     * @since 0.1.0
     */
    public Optional<AppCredentials> defaultCredentials() {
        return Optional.ofNullable(defaultCredentials);
    }

    /**
     * Return the default enabled flag.
     *
     * @return the flag ({@code true} when {@code MS_AUTH_ENABLED} is unset)
     * @since 0.1.0
     */
    public boolean defaultEnabled() {
        return defaultEnabled;
    }

    /**
     * Tell whether an organization uses the environment's credentials (it stores none of its own and did not opt
     * out).
     *
     * @param organization the organization
     * @return true if it inherits the defaults
     * @since 0.1.0
     */
    public boolean usesDefaultCredentials(OrganizationId organization) {
        if (defaultCredentials == null) {
            return false;
        }
        Optional<IntegrationSettings> stored = delegate.load(organization);
        return stored.isEmpty() || (stored.get().credentialsIfAny().isEmpty() && !optedOut(stored.get()));
    }

    @Override
    public Optional<IntegrationSettings> load(OrganizationId organization) {
        Optional<IntegrationSettings> stored = delegate.load(organization);
        if (stored.isEmpty()) {
            return defaultCredentials == null && defaultEnabled ? Optional.empty() : Optional.of(defaults());
        }
        return Optional.of(fromStored(stored.get()));
    }

    @Override
    public void save(OrganizationId organization, IntegrationSettings settings) {
        delegate.save(organization, toStored(settings));
    }

    @Override
    public void delete(OrganizationId organization) {
        delegate.delete(organization);
    }

    @Override
    public IntegrationSettings update(OrganizationId organization, UnaryOperator<IntegrationSettings> change) {
        boolean storedBefore = delegate.load(organization).isPresent();
        IntegrationSettings[] result = new IntegrationSettings[1];
        delegate.update(organization, stored -> {
            // The delegate hands IntegrationSettings.empty() when nothing is stored; that is "defaults" here.
            boolean nothingStored = !storedBefore && stored.equals(IntegrationSettings.empty());
            IntegrationSettings changed = change.apply(nothingStored ? defaults() : fromStored(stored));
            result[0] = changed;
            return toStored(changed);
        });
        return result[0];
    }

    private IntegrationSettings defaults() {
        return new IntegrationSettings(defaultCredentials, defaultEnabled, null, Map.of());
    }

    private IntegrationSettings fromStored(IntegrationSettings stored) {
        if (stored.credentialsIfAny().isPresent()) {
            return stored;
        }
        if (optedOut(stored)) {
            return stored.withState(OPT_OUT_KEY, null);
        }
        return stored.withCredentials(defaultCredentials);
    }

    private IntegrationSettings toStored(IntegrationSettings settings) {
        if (defaultCredentials == null) {
            return settings;
        }
        if (settings.credentialsIfAny().isEmpty()) {
            return settings.withState(OPT_OUT_KEY, OPT_OUT_VALUE);
        }
        IntegrationSettings cleaned = settings.withState(OPT_OUT_KEY, null);
        return settings.credentialsIfAny().filter(defaultCredentials::equals).isPresent() ? cleaned.withCredentials(null) : cleaned;
    }

    private static boolean optedOut(IntegrationSettings stored) {
        return OPT_OUT_VALUE.equals(stored.state().get(OPT_OUT_KEY));
    }
}
