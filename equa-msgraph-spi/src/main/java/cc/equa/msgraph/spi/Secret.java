package cc.equa.msgraph.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (a client secret, a certificate's private key material, a key-store password) that never shows
 * itself in {@code toString()}, logs or exception messages.
 *
 * <p>Call {@link #reveal()} only at the point where the value is handed to the code that needs it.
 *
 * @since 0.1.0
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wrap a secret value.
     *
     * @param value the secret; may be empty (validation happens where it is used)
     * @return the wrapped secret
     * @since 0.1.0
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "'value' must not be null"));
    }

    /**
     * Return the secret value itself. Never log or display it.
     *
     * @return the value
     * @since 0.1.0
     */
    public String reveal() {
        return value;
    }

    /**
     * Tell whether the secret is empty or only white space.
     *
     * @return true if there is no usable value
     * @since 0.1.0
     */
    public boolean isBlank() {
        return value.isBlank();
    }

    /**
     * Compare in constant time.
     *
     * @param other another object
     * @return true if {@code other} is a secret with the same value
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // deliberately constant: a hash would leak information about the value
    }

    /**
     * Return a fixed placeholder, never the value.
     *
     * @return {@code "Secret[REDACTED]"}
     */
    @Override
    public String toString() {
        return "Secret[REDACTED]";
    }
}
