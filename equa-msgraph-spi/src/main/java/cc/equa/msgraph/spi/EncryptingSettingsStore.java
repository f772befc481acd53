package cc.equa.msgraph.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SettingsStore} decorator that seals every secret (client secret, certificate material, key-store
 * password) with AES-GCM before the host's store sees it, and opens it again on load, so the host's database never
 * holds a plaintext secret.
 *
 * <pre>{@code
 * SettingsStore store = EncryptingSettingsStore.builder()
 *         .delegate(databaseStore)
 *         .currentKey("2026-01", keyFromVault)        // seals new secrets
 *         .retiredKey("2025-01", previousKeyFromVault) // still opens secrets sealed earlier
 *         .build();
 * }</pre>
 *
 * <p><b>Envelope.</b> A sealed secret is stored in place of the plaintext as the string
 * {@code msgraph-sealed:v1:<keyId>:<nonce>:<ciphertext>} (nonce and ciphertext-with-tag in unpadded Base64url). A
 * fresh 96-bit random nonce is used for every seal.
 *
 * <p><b>Binding.</b> The associated data binds each ciphertext to the organization id, the field it belongs to, the
 * kind of credentials and their tenant and client ids. A sealed value copied to another organization (or put next to
 * another tenant or client id) does not open: load fails instead of authenticating with a secret that is not the
 * organization's. Any change to the envelope is detected the same way.
 *
 * <p><b>Secret state entries.</b> Since 0.2.0, state entries whose key starts with {@code "secret."} (such as the
 * library's default plan-signing key) are sealed the same way, bound to the organization and the entry's key.
 *
 * <p><b>Rotation.</b> Secrets are always sealed under the current key; retired keys only open. {@link #reseal}
 * re-seals one organization's secrets under the current key; once every organization was resealed, a retired key can
 * be dropped.
 *
 * <p><b>Failures.</b> Whatever the stored value is, {@link #load}, {@link #update} and {@link #reseal} fail on it only
 * with a {@link SealedSettingsException} (an {@link IllegalStateException}) that names the organization, the field
 * and, when it is a well-formed one, the key id, and never the value; its {@link SealedSettingsException#problem()}
 * says which case it is:
 * <ul>
 *   <li>{@code MALFORMED}: not an envelope of a version this store reads: missing or extra parts, an unknown version,
 *       a key id that is not 1 to 64 of {@code A-Z a-z 0-9 _ . -}, garbled Base64, a nonce that is not 12 bytes;
 *   <li>{@code UNKNOWN_KEY}: sealed under a key id this store does not have (add it as a retired key);
 *   <li>{@code DOES_NOT_OPEN}: well-formed but the authentication fails: altered, shorter than its 16-byte tag,
 *       sealed under another key with the same id, or bound to another organization, tenant, client id or field;
 *   <li>{@code PLAINTEXT}: a plaintext value, refused unless {@link Builder#acceptPlaintext(boolean)} was set for a
 *       migration (it is then sealed on the next save);
 *   <li>{@code CRYPTO_UNAVAILABLE}: the JVM cannot run AES-GCM with the configured key (also on {@link #save}).
 * </ul>
 * Saving a value that is already a sealed envelope is a host mistake and throws {@link IllegalArgumentException}.
 * Failures of the delegate store pass through unchanged. equa-msgraph's core reports a
 * {@code SealedSettingsException} as an {@code MsGraphException} of kind {@code STORAGE} that says to check the key
 * ring or enter the credentials again.
 *
 * <p>Decorate the host's store with this class first, and put {@link EnvironmentDefaultsSettingsStore} (if used)
 * outside it. Thread-safe if the delegate is; {@link #update} is as atomic as the delegate's.
 *
 * @since 0.1.0
 */
public final class EncryptingSettingsStore implements SettingsStore {

    private static final String PREFIX = "msgraph-sealed:";
    private static final String VERSION = "v1";
    /** State entries with this key prefix hold secrets and are sealed like credentials. */
    private static final String SECRET_STATE = "secret.";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SettingsStore delegate;
    private final String currentKeyId;
    private final Map<String, SecretKey> keys;
    private final boolean acceptPlaintext;
    private final SecureRandom random = new SecureRandom();

    private EncryptingSettingsStore(Builder b) {
        this.delegate = Objects.requireNonNull(b.delegate, "'delegate' must be set");
        this.currentKeyId = Objects.requireNonNull(b.currentKeyId, "'currentKey' must be set");
        this.keys = Map.copyOf(b.keys);
        this.acceptPlaintext = b.acceptPlaintext;
    }

    /**
     * Start building an encrypting store.
     *
     * @return a new builder
     * @since 0.1.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tell whether a stored string is a sealed envelope of this class (of any version).
     *
     * @param value a stored value
     * @return true if it starts with the envelope prefix
     * @since 0.1.0
     */
    public static boolean isSealed(String value) {
        return value.startsWith(PREFIX);
    }

    @Override
    public Optional<IntegrationSettings> load(OrganizationId organization) {
        return delegate.load(organization).map(s -> open(organization, s));
    }

    @Override
    public void save(OrganizationId organization, IntegrationSettings settings) {
        delegate.save(organization, seal(organization, settings));
    }

    @Override
    public void delete(OrganizationId organization) {
        delegate.delete(organization);
    }

    @Override
    public IntegrationSettings update(OrganizationId organization, UnaryOperator<IntegrationSettings> change) {
        IntegrationSettings[] opened = new IntegrationSettings[1];
        delegate.update(organization, stored -> {
            IntegrationSettings changed = change.apply(open(organization, stored));
            opened[0] = changed;
            return seal(organization, changed);
        });
        return opened[0];
    }

    /**
     * Re-seal one organization's secrets under the current key (after adding a new current key). Does nothing when
     * nothing is stored for the organization.
     *
     * @param organization the organization
     * @since 0.1.0
     */
    public void reseal(OrganizationId organization) {
        if (delegate.load(organization).isPresent()) {
            update(organization, UnaryOperator.identity());
        }
    }

    /**
     * Return the id of the key new secrets are sealed under.
     *
     * @return the key id
     * @since 0.1.0
     */
    public String currentKeyId() {
        return currentKeyId;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private IntegrationSettings seal(OrganizationId organization, IntegrationSettings settings) {
        IntegrationSettings s = transformState(organization, settings, true);
        return s.credentialsIfAny().map(c -> s.withCredentials(transform(organization, c, true))).orElse(s);
    }

    private IntegrationSettings open(OrganizationId organization, IntegrationSettings settings) {
        IntegrationSettings s = transformState(organization, settings, false);
        return s.credentialsIfAny().map(c -> s.withCredentials(transform(organization, c, false))).orElse(s);
    }

    private IntegrationSettings transformState(OrganizationId org, IntegrationSettings settings, boolean sealing) {
        IntegrationSettings out = settings;
        for (Map.Entry<String, String> e : settings.state().entrySet()) {
            if (!e.getKey().startsWith(SECRET_STATE)) {
                continue;
            }
            String field = "state entry " + e.getKey();
            byte[] aad = associatedData("equa-msgraph", VERSION, org.value(), "state", e.getKey());
            String v = e.getValue();
            String changed;
            if (sealing) {
                if (isSealed(v)) {
                    throw new IllegalArgumentException("The " + field + " of organization " + org
                            + " is already a sealed envelope; save the opened value.");
                }
                changed = sealValue(org, field, aad, v);
            } else if (!isSealed(v)) {
                if (!acceptPlaintext) {
                    throw new SealedSettingsException(SealedSettingsException.Problem.PLAINTEXT, org, field, null,
                            "The stored " + field + " of organization " + org
                            + " is not sealed. A plaintext secret in the settings store is refused; enable"
                            + " acceptPlaintext(true) once to migrate, then save the organization's settings again.");
                }
                changed = v;
            } else {
                changed = openValue(org, field, aad, v);
            }
            out = out.withState(e.getKey(), changed);
        }
        return out;
    }

    private AppCredentials transform(OrganizationId org, AppCredentials c, boolean sealing) {
        if (c instanceof ClientSecretCredentials s) {
            Secret secret = apply(org, c, "clientSecret", s.clientSecret(), sealing);
            return new ClientSecretCredentials(s.tenantId(), s.clientId(), secret);
        }
        if (c instanceof ClientCertificateCredentials cc) {
            Secret certificate = apply(org, c, "certificate", cc.certificate(), sealing);
            Secret password = cc.passwordIfAny().map(p -> apply(org, c, "password", p, sealing)).orElse(null);
            return new ClientCertificateCredentials(cc.tenantId(), cc.clientId(), cc.format(), certificate, password,
                    cc.sendCertificateChain());
        }
        // Managed identity and workload identity federation carry no secret.
        return c;
    }

    private Secret apply(OrganizationId org, AppCredentials c, String field, Secret value, boolean sealing) {
        String v = value.reveal();
        if (sealing) {
            if (isSealed(v)) {
                // Already sealed (a value loaded without opening is never handed out, so this is a host mistake):
                // refuse rather than double-seal or store a value we cannot vouch for.
                throw new IllegalArgumentException("The " + field + " of organization " + org
                        + " is already a sealed envelope; save the opened value.");
            }
            return Secret.of(sealValue(org, field, associatedData(org, c, field), v));
        }
        if (!isSealed(v)) {
            if (acceptPlaintext) {
                return value;
            }
            throw new SealedSettingsException(SealedSettingsException.Problem.PLAINTEXT, org, field, null,
                    "The stored " + field + " of organization " + org
                    + " is not sealed. A plaintext secret in the settings store is refused; enable"
                    + " acceptPlaintext(true) once to migrate, then save the organization's settings again.");
        }
        return Secret.of(openValue(org, field, associatedData(org, c, field), v));
    }

    private String sealValue(OrganizationId org, String field, byte[] aad, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            cipher.updateAAD(currentKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return PREFIX + VERSION + ":" + currentKeyId + ":" + b64.encodeToString(nonce) + ":"
                    + b64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new SealedSettingsException(SealedSettingsException.Problem.CRYPTO_UNAVAILABLE, org, field,
                    currentKeyId, "AES-GCM is not available to seal the " + field + " of organization " + org
                    + " under key id '" + currentKeyId + "' (" + e.getClass().getSimpleName() + ").");
        }
    }

    private String openValue(OrganizationId org, String field, byte[] aad, String envelope) {
        String what = "The stored " + field + " of organization " + org;
        String[] parts = envelope.substring(PREFIX.length()).split(":", -1);
        // The key id is echoed in messages only once it is known to be a plain key id.
        if (parts.length != 4 || !VERSION.equals(parts[0]) || !KEY_ID.matcher(parts[1]).matches()) {
            throw new SealedSettingsException(SealedSettingsException.Problem.MALFORMED, org, field, null,
                    what + " is not a readable sealed envelope (unknown version or altered). Enter the credentials"
                    + " again.");
        }
        String keyId = parts[1];
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SealedSettingsException(SealedSettingsException.Problem.UNKNOWN_KEY, org, field, keyId,
                    what + " was sealed under key id '" + keyId + "', which this store does not have; add it as a"
                    + " retired key.");
        }
        byte[] nonce;
        byte[] sealed;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            nonce = b64.decode(parts[2]);
            sealed = b64.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            nonce = null;
            sealed = null;
        }
        if (nonce == null || sealed == null || nonce.length != NONCE_BYTES) {
            throw new SealedSettingsException(SealedSettingsException.Problem.MALFORMED, org, field, keyId,
                    what + " is not a readable sealed envelope (garbled nonce or ciphertext). Enter the credentials"
                    + " again.");
        }
        String doesNotOpen = what + " does not open under key id '" + keyId + "': it was altered, or it belongs to"
                + " another organization, tenant or client id. Enter the credentials again.";
        // Some providers fail on a ciphertext shorter than its tag with a ProviderException, not a bad tag.
        if (sealed.length < TAG_BITS / 8) {
            throw new SealedSettingsException(SealedSettingsException.Problem.DOES_NOT_OPEN, org, field, keyId,
                    doesNotOpen);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException | java.security.ProviderException e) {
            throw new SealedSettingsException(SealedSettingsException.Problem.DOES_NOT_OPEN, org, field, keyId,
                    doesNotOpen);
        } catch (GeneralSecurityException e) {
            throw new SealedSettingsException(SealedSettingsException.Problem.CRYPTO_UNAVAILABLE, org, field, keyId,
                    "AES-GCM is not available to open the stored " + field + " of organization " + org
                    + " under key id '" + keyId + "' (" + e.getClass().getSimpleName() + ").");
        }
    }

    private static byte[] associatedData(OrganizationId org, AppCredentials c, String field) {
        // Only secret-bearing kinds are sealed, and each has a client id; "" stands for none, as it always has.
        String clientId = c.clientId();
        return associatedData("equa-msgraph", VERSION, org.value(), c.getClass().getSimpleName(), c.tenantId(),
                clientId == null ? "" : clientId, field);
    }

    private static byte[] associatedData(String... items) {
        int length = 0;
        byte[][] encoded = new byte[items.length][];
        for (int i = 0; i < items.length; i++) {
            encoded[i] = items[i].getBytes(StandardCharsets.UTF_8);
            length += 4 + encoded[i].length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] e : encoded) {
            buffer.putInt(e.length).put(e); // length-prefixed: no two different tuples encode alike
        }
        return buffer.array();
    }

    /**
     * Configure an {@link EncryptingSettingsStore}.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private @Nullable SettingsStore delegate;
        private @Nullable String currentKeyId;
        private final Map<String, SecretKey> keys = new LinkedHashMap<>();
        private boolean acceptPlaintext;

        private Builder() {
        }

        /**
         * Set the host's store that receives the sealed settings. Required.
         *
         * @param store the host's store
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder delegate(SettingsStore store) {
            this.delegate = Objects.requireNonNull(store, "'store' must not be null");
            return this;
        }

        /**
         * Set the key new secrets are sealed under (it also opens them). Required.
         *
         * @param id the key's id, stored in every envelope: 1 to 64 of {@code A-Z a-z 0-9 _ . -}
         * @param key an AES key of 16, 24 or 32 bytes (32 recommended)
         * @return this builder for method chaining
         * @throws IllegalArgumentException if the id or the key is not acceptable
         * @since 0.1.0
         */
        public Builder currentKey(String id, byte[] key) {
            return currentKey(id, new SecretKeySpec(checkKey(key), "AES"));
        }

        /**
         * Set the key new secrets are sealed under, as a JCA key (for example from a key store). Required.
         *
         * @param id the key's id
         * @param key an AES key of 128, 192 or 256 bits
         * @return this builder for method chaining
         * @throws IllegalArgumentException if the id or the key is not acceptable
         * @since 0.1.0
         */
        public Builder currentKey(String id, SecretKey key) {
            put(id, key);
            this.currentKeyId = id;
            return this;
        }

        /**
         * Add a key that only opens secrets sealed earlier. Call once per retired key.
         *
         * @param id the key's id
         * @param key an AES key of 16, 24 or 32 bytes
         * @return this builder for method chaining
         * @throws IllegalArgumentException if the id or the key is not acceptable
         * @since 0.1.0
         */
        public Builder retiredKey(String id, byte[] key) {
            return retiredKey(id, new SecretKeySpec(checkKey(key), "AES"));
        }

        /**
         * Add a key that only opens secrets sealed earlier, as a JCA key.
         *
         * @param id the key's id
         * @param key an AES key
         * @return this builder for method chaining
         * @throws IllegalArgumentException if the id or the key is not acceptable
         * @since 0.1.0
         */
        public Builder retiredKey(String id, SecretKey key) {
            put(id, key);
            return this;
        }

        /**
         * Accept plaintext secrets found on load (they are sealed on the next save). Only for migrating a store that
         * held plaintext before; default {@code false}, which refuses them.
         *
         * @param accept whether to accept plaintext on load
         * @return this builder for method chaining
         * @since 0.1.0
         */
        public Builder acceptPlaintext(boolean accept) {
            this.acceptPlaintext = accept;
            return this;
        }

        /**
         * Build the store.
         *
         * @return the store
         * @throws IllegalStateException if the delegate or the current key is missing
         * @since 0.1.0
         */
        public EncryptingSettingsStore build() {
            if (delegate == null || currentKeyId == null) {
                throw new IllegalStateException("EncryptingSettingsStore needs "
                        + (delegate == null ? "a delegate" : "") + (delegate == null && currentKeyId == null
                        ? " and " : "") + (currentKeyId == null ? "a current key" : "") + ".");
            }
            return new EncryptingSettingsStore(this);
        }

        private void put(String id, SecretKey key) {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(key, "'key' must not be null");
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("Key id must be 1 to 64 of A-Z a-z 0-9 _ . -");
            }
            if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
                throw new IllegalArgumentException("Key '" + id + "' must be an AES key, got " + key.getAlgorithm());
            }
            byte[] encoded = key.getEncoded();
            if (encoded != null) {
                checkKey(encoded);
            }
            if (keys.putIfAbsent(id, key) != null) {
                throw new IllegalArgumentException("Key id '" + id + "' was given twice.");
            }
        }

        private static byte[] checkKey(byte[] key) {
            Objects.requireNonNull(key, "'key' must not be null");
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("An AES key must be 16, 24 or 32 bytes long, got " + key.length);
            }
            return key.clone();
        }
    }
}
