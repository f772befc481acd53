package cc.equa.msgraph.spi;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A secret in the settings store could not be opened (or sealed) by {@link EncryptingSettingsStore}: it is not a
 * readable envelope, it was sealed under a key id the store does not have, it was altered or belongs to another
 * organization, tenant or client id, or it is plaintext where a sealed value is required.
 *
 * <p>Says which organization and which field, and the key id when it is a well-formed one; never the stored value.
 * It is an {@link IllegalStateException}, which is what {@code EncryptingSettingsStore} threw before 0.2.0, so code
 * that caught that still does. equa-msgraph's core turns it into an {@code MsGraphException} of kind
 * {@code STORAGE} whose remediation says to check the key ring or enter the credentials again.
 *
 * @since 0.2.0
 */
public final class SealedSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the stored value. */
    private final Problem problem;
    /** The organization's id. */
    private final String organization;
    /** The settings field that could not be opened. */
    private final String field;
    /** The key id the value names, or null. */
    private final @Nullable String keyId;

    /**
     * Make the exception.
     *
     * @param problem what is wrong
     * @param organization the organization whose settings were read
     * @param field the credentials' field, such as {@code clientSecret}
     * @param keyId the envelope's key id if it is well-formed, else {@code null}
     * @param message the message: never the stored value
     * @since 0.2.0
     */
    public SealedSettingsException(Problem problem, OrganizationId organization, String field, @Nullable String keyId,
            String message) {
        super(Objects.requireNonNull(message, "'message' must not be null"));
        this.problem = Objects.requireNonNull(problem, "'problem' must not be null");
        this.organization = Objects.requireNonNull(organization, "'organization' must not be null").value();
        this.field = Objects.requireNonNull(field, "'field' must not be null");
        this.keyId = keyId;
    }

    /**
     * Return what is wrong with the stored value.
     *
     * @return the problem
     * @since 0.2.0
     */
    public Problem problem() {
        return problem;
    }

    /**
     * Return the organization whose settings were read.
     *
     * @return the organization
     * @since 0.2.0
     */
    public OrganizationId organization() {
        return OrganizationId.of(organization);
    }

    /**
     * Return the credentials' field that did not open, such as {@code clientSecret}, {@code certificate} or
     * {@code password}.
     *
     * @return the field
     * @since 0.2.0
     */
    public String field() {
        return field;
    }

    /**
     * Return the key id named in the envelope, when it is a well-formed key id.
     *
     * @return the key id
     * @since 0.2.0
     */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /**
     * What is wrong with a stored value.
     *
     * @since 0.2.0
     */
    public enum Problem {
        /** Not an envelope of a version this store reads: truncated, garbled Base64, wrong nonce length, bad key id. */
        MALFORMED,
        /** Sealed under a key id the store does not have: add that key as a retired key. */
        UNKNOWN_KEY,
        /**
         * The envelope is well-formed but does not open: altered, too short to hold its tag, sealed under another key
         * with the same id, or bound to another organization, tenant, client id or field.
         */
        DOES_NOT_OPEN,
        /** A plaintext value where a sealed one is required (see {@code acceptPlaintext}). */
        PLAINTEXT,
        /** This JVM cannot run AES-GCM with the configured key. */
        CRYPTO_UNAVAILABLE
    }
}
