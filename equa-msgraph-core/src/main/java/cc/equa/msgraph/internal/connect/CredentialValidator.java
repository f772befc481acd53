package cc.equa.msgraph.internal.connect;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.internal.graph.ObjectIds;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.ClientCertificateCredentials;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.ManagedIdentityCredentials;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.WorkloadIdentityCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Check credentials before any network call and name every invalid field at once.
 *
 * <p>Decision on white space: a value with leading or trailing white space is <em>rejected with a hint</em>, never
 * trimmed. Trimming would authenticate (and store) something other than what was entered, and for a secret it would
 * guess; the admin sees exactly which field has the stray space and fixes it in one step.
 */
final class CredentialValidator {

    private static final Pattern DOMAIN_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Set<String> MULTI_TENANT_ALIASES = Set.of("common", "organizations", "consumers");
    private static final String EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

    private CredentialValidator() {
    }

    /**
     * Check credentials.
     *
     * @param operation what is being attempted, for the exception
     * @param credentials the credentials
     * @param now the current time (certificate expiry)
     * @throws InvalidInputException naming every invalid field
     */
    public static void validate(String operation, AppCredentials credentials, Instant now) {
        List<FieldProblem> problems = problems(credentials, now);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(operation, problems);
        }
    }

    /**
     * List what is wrong with credentials.
     *
     * @param credentials the credentials
     * @param now the current time
     * @return the problems; empty when valid
     */
    public static List<FieldProblem> problems(AppCredentials credentials, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        tenantId(credentials.tenantId(), problems);
        if (credentials instanceof ClientSecretCredentials c) {
            clientId("clientId", c.clientId(), problems);
            clientSecret(c.clientSecret(), problems);
        } else if (credentials instanceof ClientCertificateCredentials c) {
            clientId("clientId", c.clientId(), problems);
            certificate(c, now, problems);
        } else if (credentials instanceof ManagedIdentityCredentials c) {
            if (c.clientId() != null) {
                clientId("clientId", c.clientId(), problems);
            }
        } else if (credentials instanceof WorkloadIdentityCredentials c) {
            clientId("clientId", c.clientId(), problems);
            tokenFile(c.tokenFilePath(), problems);
        }
        return Collections.unmodifiableList(problems);
    }

    private static void tenantId(String value, List<FieldProblem> problems) {
        String field = "tenantId";
        String remediation = "Copy the Directory (tenant) ID from the app registration's Overview page in the Entra"
                + " admin center (a GUID), or use the tenant's domain such as contoso.onmicrosoft.com.";
        if (blank(field, value, "Tenant ID", remediation, problems) || spaces(field, value, "Tenant ID", problems)) {
            return;
        }
        if (MULTI_TENANT_ALIASES.contains(value.toLowerCase(Locale.ROOT))) {
            problems.add(new FieldProblem(field, "'" + value + "' is not a tenant: app-only access needs the"
                    + " organization's own tenant", remediation));
            return;
        }
        if (EMPTY_GUID.equals(value)) {
            problems.add(new FieldProblem(field, "is the empty GUID", remediation));
            return;
        }
        if (ObjectIds.isGuid(value)) {
            return;
        }
        if (!isDomainName(value)) {
            problems.add(new FieldProblem(field, "is neither a GUID nor a domain name", remediation));
        }
    }

    private static boolean isDomainName(String value) {
        if (value.length() > 253 || !value.contains(".") || value.endsWith(".") || value.startsWith(".")) {
            return false;
        }
        String[] labels = value.split("\\.", -1);
        for (String label : labels) {
            if (!DOMAIN_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // The top-level label is never all digits (that would be an IP address, which is no tenant).
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static void clientId(String field, String value, List<FieldProblem> problems) {
        String remediation = "Copy the Application (client) ID from the app registration's Overview page (a GUID).";
        if (blank(field, value, "Client ID", remediation, problems) || spaces(field, value, "Client ID", problems)) {
            return;
        }
        if (!ObjectIds.isGuid(value)) {
            problems.add(new FieldProblem(field, "is not a GUID such as 1b2c3d4e-0000-1111-2222-333344445555",
                    remediation));
        } else if (EMPTY_GUID.equals(value)) {
            problems.add(new FieldProblem(field, "is the empty GUID", remediation));
        }
    }

    private static void clientSecret(Secret secret, List<FieldProblem> problems) {
        String field = "clientSecret";
        String value = secret.reveal();
        String remediation = "Paste the client secret's Value from Certificates & secrets in the app registration.";
        if (blank(field, value, "Client Secret", remediation, problems)
                || spaces(field, value, "Client Secret", problems)) {
            return;
        }
        if (ObjectIds.isGuid(value)) {
            problems.add(new FieldProblem(field, "looks like the secret's ID (a GUID), not its value",
                    "In Certificates & secrets copy the Value column, not the Secret ID; if the value is no longer"
                            + " shown, create a new client secret."));
        }
    }

    private static void certificate(ClientCertificateCredentials c, Instant now, List<FieldProblem> problems) {
        String field = "certificate";
        String value = c.certificate().reveal();
        if (value.isBlank()) {
            problems.add(new FieldProblem(field, "is empty",
                    c.format() == ClientCertificateCredentials.Format.PEM
                            ? "Paste the PEM text holding the certificate and its private key."
                            : "Provide the PKCS#12 (.pfx) file's bytes, Base64-encoded."));
            return;
        }
        if (c.format() == ClientCertificateCredentials.Format.PEM) {
            pem(value, now, problems);
        } else {
            pkcs12(c, now, problems);
        }
    }

    private static void pem(String pem, Instant now, List<FieldProblem> problems) {
        String field = "certificate";
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            problems.add(new FieldProblem(field, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                    "Paste the certificate and its private key as PEM text."));
            return;
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            problems.add(new FieldProblem(field, "holds an encrypted private key, which PEM input does not support",
                    "Use an unencrypted PKCS#8 key in the PEM, or a PKCS#12 key store with its password."));
            return;
        }
        if (!pem.matches("(?s).*-----BEGIN (RSA |EC )?PRIVATE KEY-----.*")) {
            problems.add(new FieldProblem(field, "holds no private key (-----BEGIN PRIVATE KEY-----)",
                    "Add the certificate's private key to the PEM text."));
            return;
        }
        try {
            int start = pem.indexOf("-----BEGIN CERTIFICATE-----");
            int end = pem.indexOf("-----END CERTIFICATE-----", start);
            if (end < 0) {
                throw new CertificateException("unterminated");
            }
            String block = pem.substring(start, end + "-----END CERTIFICATE-----".length());
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(block.getBytes(StandardCharsets.US_ASCII)));
            expiry(cert, now, problems);
        } catch (CertificateException | ClassCastException e) {
            problems.add(new FieldProblem(field, "holds a certificate that cannot be read",
                    "Export the certificate again as PEM."));
        }
    }

    private static void pkcs12(ClientCertificateCredentials c, Instant now, List<FieldProblem> problems) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(c.certificate().reveal().replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("certificate", "is not Base64",
                    "Provide the PKCS#12 (.pfx) file's bytes, Base64-encoded."));
            return;
        }
        char[] password = c.password() == null ? new char[0] : c.password().reveal().toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            X509Certificate withKey = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Certificate cert = store.getCertificate(alias);
                    if (cert instanceof X509Certificate x) {
                        withKey = x;
                        break;
                    }
                }
            }
            if (withKey == null) {
                problems.add(new FieldProblem("certificate", "holds no private key with a certificate",
                        "Export the certificate together with its private key (.pfx)."));
                return;
            }
            expiry(withKey, now, problems);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                problems.add(new FieldProblem("password", "does not open the key store",
                        "Enter the password the .pfx file was exported with."));
            } else {
                problems.add(new FieldProblem("certificate", "is not a readable PKCS#12 key store (or the password"
                        + " is wrong)", "Export the certificate with its private key as .pfx and check the password."));
            }
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            problems.add(new FieldProblem("certificate", "is not a readable PKCS#12 key store",
                    "Export the certificate with its private key as .pfx."));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static void expiry(X509Certificate cert, Instant now, List<FieldProblem> problems) {
        if (cert.getNotAfter().toInstant().isBefore(now)) {
            problems.add(new FieldProblem("certificate", "expired on " + cert.getNotAfter().toInstant(),
                    "Create a new certificate, upload its public key to the app registration and enter it here."));
        } else if (cert.getNotBefore().toInstant().isAfter(now)) {
            problems.add(new FieldProblem("certificate", "is not valid before " + cert.getNotBefore().toInstant(),
                    "Use a certificate that is already valid."));
        }
    }

    private static void tokenFile(String path, List<FieldProblem> problems) {
        String remediation = "Point tokenFilePath at the projected service-account token file (for AKS workload"
                + " identity: the value of AZURE_FEDERATED_TOKEN_FILE).";
        if (path.isBlank()) {
            problems.add(new FieldProblem("tokenFilePath", "is empty", remediation));
            return;
        }
        try {
            Path p = Path.of(path);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                problems.add(new FieldProblem("tokenFilePath", "is not a readable file", remediation));
            }
        } catch (InvalidPathException e) {
            problems.add(new FieldProblem("tokenFilePath", "is not a valid path", remediation));
        }
    }

    private static boolean blank(String field, String value, String label, String remediation,
            List<FieldProblem> problems) {
        if (value.isEmpty()) {
            problems.add(new FieldProblem(field, "is empty", remediation));
            return true;
        }
        if (value.isBlank()) {
            problems.add(new FieldProblem(field, "holds only white space", remediation));
            return true;
        }
        return false;
    }

    private static boolean spaces(String field, String value, String label, List<FieldProblem> problems) {
        boolean leading = Character.isWhitespace(value.charAt(0)) || Character.isSpaceChar(value.charAt(0));
        int last = value.length() - 1;
        boolean trailing = Character.isWhitespace(value.charAt(last)) || Character.isSpaceChar(value.charAt(last));
        if (leading || trailing) {
            String where = leading && trailing ? "leading and trailing" : leading ? "leading" : "trailing";
            problems.add(new FieldProblem(field, "has " + where + " white space (often copied along)",
                    "Remove the " + where + " space or line break from the " + label + "; it is not trimmed"
                            + " automatically."));
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            // Category Cf covers zero-width characters, the BOM and every bidi control (U+202E…): a value Entra
            // issued never holds one, so it was pasted along or planted to make the value read differently.
            if (Character.isISOControl(ch) || Character.isWhitespace(ch) || Character.isSpaceChar(ch)
                    || Character.getType(ch) == Character.FORMAT) {
                problems.add(new FieldProblem(field, "contains a white-space, invisible or control character at"
                        + " position " + (i + 1), "Re-copy the " + label + " from the Entra admin center;"
                        + " it never contains spaces or control characters."));
                return true;
            }
        }
        return false;
    }
}
