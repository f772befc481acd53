package cc.equa.msgraph.spi;

import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One key that authenticates sync plans (HMAC-SHA256), with the id that names it inside every plan it signed. The
 * id is not secret; the key is, and never shows in {@code toString()}, logs, exception messages or plans.
 *
 * @since 0.2.0
 */
public final class PlanKey {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** HMAC-SHA256 keys shorter than its 256-bit output weaken it. */
    private static final int MIN_BYTES = 32;

    private final String id;
    private final SecretKey key;

    private PlanKey(String id, SecretKey key) {
        this.id = id;
        this.key = key;
    }

    /**
     * Make a plan key from raw key material (copied).
     *
     * @param id the key's id, written into every plan it signs: 1 to 64 of {@code A-Z a-z 0-9 _ . -}
     * @param material at least 32 random bytes (for example from a secrets vault)
     * @return the key
     * @throws IllegalArgumentException if the id or the key is not acceptable (the message never shows the key)
     * @since 0.2.0
     */
    public static PlanKey of(String id, byte[] material) {
        Objects.requireNonNull(material, "'material' must not be null");
        if (material.length < MIN_BYTES) {
            throw new IllegalArgumentException("A plan key needs at least " + MIN_BYTES + " bytes, got "
                    + material.length + "; use 32 random bytes.");
        }
        return new PlanKey(checkId(id), new SecretKeySpec(material.clone(), "HmacSHA256"));
    }

    /**
     * Make a plan key from a JCA key (for example from a key store). Its encoded form must be available and at least
     * 32 bytes long.
     *
     * @param id the key's id: 1 to 64 of {@code A-Z a-z 0-9 _ . -}
     * @param key the key
     * @return the key
     * @throws IllegalArgumentException if the id or the key is not acceptable
     * @since 0.2.0
     */
    public static PlanKey of(String id, SecretKey key) {
        Objects.requireNonNull(key, "'key' must not be null");
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length < MIN_BYTES) {
            throw new IllegalArgumentException("A plan key needs at least " + MIN_BYTES
                    + " bytes of encodable key material; use a 256-bit key.");
        }
        return new PlanKey(checkId(id), key);
    }

    private static String checkId(String id) {
        Objects.requireNonNull(id, "'id' must not be null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A plan key id must be 1 to 64 of A-Z a-z 0-9 _ . -");
        }
        return id;
    }

    /**
     * Return the key's id.
     *
     * @return the id
     * @since 0.2.0
     */
    public String id() {
        return id;
    }

    /**
     * Return the key itself, to initialise an HMAC-SHA256 {@link javax.crypto.Mac}. Never log or display it.
     *
     * @return the key
     * @since 0.2.0
     */
    public SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "PlanKey[" + id + "]";
    }
}
