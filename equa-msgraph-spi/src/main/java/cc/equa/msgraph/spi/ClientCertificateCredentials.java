package cc.equa.msgraph.spi;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An Entra application authenticated with a certificate whose private key the host holds.
 *
 * @param tenantId the directory (tenant) id: a GUID or a domain name
 * @param clientId the application (client) id, a GUID
 * @param format how {@code certificate} is encoded
 * @param certificate for {@link Format#PEM} the PEM text holding the certificate and its private key; for
 *     {@link Format#PKCS12} the key store's bytes, Base64-encoded
 * @param password the PKCS#12 password, or {@code null} for PEM or an unprotected key store
 * @param sendCertificateChain whether to send the x5c chain (needed for subject-name/issuer authentication)
 * @since 0.1.0
 */
public record ClientCertificateCredentials(
        String tenantId,
        String clientId,
        Format format,
        Secret certificate,
        @Nullable Secret password,
        boolean sendCertificateChain) implements AppCredentials {

    /**
     * The encoding of the certificate and its private key.
     *
     * @since 0.1.0
     */
    public enum Format {
        /** PEM text with the certificate and an unencrypted PKCS#8 private key. */
        PEM,
        /** A PKCS#12 (.pfx/.p12) key store, Base64-encoded. */
        PKCS12
    }

    /**
     * Reject nulls; everything else is validated by the library before use.
     *
     * @param tenantId the directory (tenant) id: a GUID or a domain name
     * @param clientId the application (client) id, a GUID
     * @param format how {@code certificate} is encoded
     * @param certificate for {@link Format#PEM} the PEM text holding the certificate and its private key; for {@link Format#PKCS12} the key store's bytes, Base64-encoded
     * @param password the PKCS#12 password, or {@code null} for PEM or an unprotected key store
     * @param sendCertificateChain whether to send the x5c chain (needed for subject-name/issuer authentication)
     */
    public ClientCertificateCredentials {
        Objects.requireNonNull(tenantId, "'tenantId' must not be null");
        Objects.requireNonNull(clientId, "'clientId' must not be null");
        Objects.requireNonNull(format, "'format' must not be null");
        Objects.requireNonNull(certificate, "'certificate' must not be null");
    }

    /**
     * Create credentials from PEM text holding the certificate and its private key.
     *
     * @param tenantId the directory (tenant) id
     * @param clientId the application (client) id
     * @param pem the PEM text
     * @return the credentials
     * @since 0.1.0
     */
    public static ClientCertificateCredentials pem(String tenantId, String clientId, String pem) {
        return new ClientCertificateCredentials(tenantId, clientId, Format.PEM, Secret.of(pem), null, false);
    }

    /**
     * Create credentials from a PKCS#12 key store.
     *
     * @param tenantId the directory (tenant) id
     * @param clientId the application (client) id
     * @param keyStoreBase64 the key store's bytes, Base64-encoded
     * @param password the key store's password
     * @return the credentials
     * @since 0.1.0
     */
    public static ClientCertificateCredentials pkcs12(
            String tenantId, String clientId, String keyStoreBase64, String password) {
        return new ClientCertificateCredentials(
                tenantId, clientId, Format.PKCS12, Secret.of(keyStoreBase64), Secret.of(password), false);
    }

    /**
     * Return the key store password, if any.
     *
     * @return the password
     * @since 0.1.0
     */
    public Optional<Secret> passwordIfAny() {
        return Optional.ofNullable(password);
    }

    /**
     * Return the component {@code password}: the PKCS#12 password, or {@code null} for PEM or an unprotected key store.
     *
     * @return the value, or {@code null} when absent
     * @deprecated use {@link #passwordIfAny()}: maybe-absent values are Optional (see package docs)
     * @since 0.1.0
     */
    @Deprecated(since = "0.2.0")
    public @Nullable Secret password() {
        return password;
    }

    @Override
    public String describe() {
        return "client certificate (" + format + ") for app " + clientId + " in tenant " + tenantId;
    }
}
