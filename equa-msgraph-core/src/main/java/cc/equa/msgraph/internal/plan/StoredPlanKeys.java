package cc.equa.msgraph.internal.plan;

import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKey;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.spi.SettingsStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link PlanKeys}: one random 256-bit key per organization, created on its first plan and kept in its
 * settings as the state entry {@value #ENTRY} ({@code <keyId>:<key in Base64url>}), so every node sharing the
 * settings store verifies every other node's plans, across restarts. {@code EncryptingSettingsStore} seals the entry
 * like a client secret. An unreadable entry is replaced by a new key (plans signed with the old one are then refused:
 * fail closed, "plan again").
 */
public final class StoredPlanKeys implements PlanKeys {

    /** The settings state entry holding the key; the {@code secret.} prefix makes encrypting stores seal it. */
    public static final String ENTRY = "secret.plan.key";

    private static final Logger LOG = LoggerFactory.getLogger(StoredPlanKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SettingsStore store;

    /**
     * Create the key source.
     *
     * @param store the integration's settings store
     */
    public StoredPlanKeys(SettingsStore store) {
        this.store = store;
    }

    @Override
    public PlanKey current(OrganizationId organization) {
        Optional<PlanKey> known = store.load(organization).flatMap(StoredPlanKeys::parse);
        if (known.isPresent()) {
            return known.get();
        }
        // atomic when the host's update is: concurrent first plans on several nodes agree on one key
        IntegrationSettings stored = store.update(organization,
                s -> parse(s).isPresent() ? s : s.withState(ENTRY, fresh()));
        return parse(stored).orElseThrow(() -> new IllegalStateException(
                "the settings store did not keep the plan key of organization " + organization));
    }

    @Override
    public Optional<PlanKey> find(OrganizationId organization, String keyId) {
        return store.load(organization).flatMap(StoredPlanKeys::parse).filter(k -> k.id().equals(keyId));
    }

    private static Optional<PlanKey> parse(IntegrationSettings settings) {
        Optional<String> value = settings.stateValue(ENTRY);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        int colon = v.indexOf(':');
        try {
            return Optional.of(PlanKey.of(v.substring(0, colon), Base64.getUrlDecoder().decode(v.substring(colon + 1))));
        } catch (RuntimeException e) {
            LOG.warn("The stored plan key is unreadable ({}); a new one replaces it and earlier plans must be made"
                    + " again", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static String fresh() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return "k-" + HexFormat.of().formatHex(id) + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    @Override
    public String toString() {
        return "StoredPlanKeys";
    }
}
