package cc.equa.msgraph.internal.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ErrorKind;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.spi.ClientCertificateCredentials;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.ManagedIdentityCredentials;
import cc.equa.msgraph.spi.WorkloadIdentityCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialValidatorTest {

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT = "1b2c3d4e-0000-1111-2222-333344445555";
    static final String SECRET = "Abc8Q~verySecretValue.0123456789_-abcdefg";
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static List<String> fields(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::field).toList();
    }

    @Test
    void validCredentialsPass() {
        assertEquals(List.of(), CredentialValidator.problems(ClientSecretCredentials.of(TENANT, CLIENT, SECRET), NOW));
        assertEquals(List.of(), CredentialValidator.problems(
                ClientSecretCredentials.of("contoso.onmicrosoft.com", CLIENT.toUpperCase(), SECRET), NOW));
        assertEquals(List.of(), CredentialValidator.problems(new ManagedIdentityCredentials(TENANT, null), NOW));
    }

    @Test
    void everyInvalidFieldIsNamedInOneException() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CredentialValidator.validate(
                "Connect organization acme", ClientSecretCredentials.of("not a tenant", "12345", ""), NOW));
        assertEquals(List.of("tenantId", "clientId", "clientSecret"), fields(e.problems()));
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("Connect organization acme failed: tenantId:"), e.getMessage());
    }

    @Test
    void tenantIdMustBeAGuidOrADomainName() {
        for (String bad : List.of("contoso", "-contoso.com", "contoso..com", "contoso.com.", "10.0.0.1", "common",
                "Organizations", "00000000-0000-0000-0000-000000000000", "72f988bf-86f1-41af-91ab-2d7cd011db4",
                "con_toso.com", "contoso.com/x")) {
            assertEquals(List.of("tenantId"), fields(CredentialValidator.problems(
                    ClientSecretCredentials.of(bad, CLIENT, SECRET), NOW)), bad);
        }
        assertEquals(List.of(), CredentialValidator.problems(
                ClientSecretCredentials.of("equa-test.co.uk", CLIENT, SECRET), NOW));
    }

    @Test
    void clientIdMustBeAGuid() {
        for (String bad : List.of("app", "1b2c3d4e000011112222333344445555", "{" + CLIENT + "}",
                "00000000-0000-0000-0000-000000000000")) {
            assertEquals(List.of("clientId"), fields(CredentialValidator.problems(
                    ClientSecretCredentials.of(TENANT, bad, SECRET), NOW)), bad);
        }
    }

    @Test
    void leadingOrTrailingWhiteSpaceIsRejectedWithAHintNotTrimmed() {
        List<FieldProblem> problems = CredentialValidator.problems(
                ClientSecretCredentials.of(" " + TENANT, CLIENT + "\n", SECRET + " "), NOW);
        assertEquals(List.of("tenantId", "clientId", "clientSecret"), fields(problems));
        assertTrue(problems.get(0).problem().contains("leading white space"), problems.get(0).problem());
        assertTrue(problems.get(1).problem().contains("trailing"), problems.get(1).problem());
        assertTrue(problems.get(2).remediation().contains("not trimmed"), problems.get(2).remediation());
    }

    @Test
    void innerWhiteSpaceAndControlCharactersAreRejected() {
        for (String bad : List.of("abc def", "abc\tdef", "abc\u0000def", "abc\u200Bdef", "\uFEFFabcdef",
                "abc\u00A0def")) {
            List<FieldProblem> problems = CredentialValidator.problems(
                    ClientSecretCredentials.of(TENANT, CLIENT, bad), NOW);
            assertEquals(List.of("clientSecret"), fields(problems), bad);
            assertFalse(problems.get(0).problem().contains("abc"), "the secret must not be echoed");
        }
    }

    @Test
    void blankSecretIsRejected() {
        assertEquals("is empty", CredentialValidator.problems(
                ClientSecretCredentials.of(TENANT, CLIENT, ""), NOW).get(0).problem());
        assertEquals("holds only white space", CredentialValidator.problems(
                ClientSecretCredentials.of(TENANT, CLIENT, "   "), NOW).get(0).problem());
    }

    @Test
    void secretThatLooksLikeAGuidGetsTheSecretIdHint() {
        String secretId = "8d1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CredentialValidator.validate("x",
                ClientSecretCredentials.of(TENANT, CLIENT, secretId), NOW));
        FieldProblem p = e.problems().get(0);
        assertEquals("clientSecret", p.field());
        assertTrue(p.problem().contains("secret's ID"), p.problem());
        assertTrue(p.remediation().contains("Value"), p.remediation());
        assertFalse(e.getMessage().contains(secretId), "the pasted value is not echoed");
    }

    @Test
    void certificateInputIsCheckedLocally() throws Exception {
        List<FieldProblem> noCert = CredentialValidator.problems(
                ClientCertificateCredentials.pem(TENANT, CLIENT, "-----BEGIN PRIVATE KEY-----\nAA==\n"), NOW);
        assertEquals(List.of("certificate"), fields(noCert));
        List<FieldProblem> encrypted = CredentialValidator.problems(ClientCertificateCredentials.pem(TENANT, CLIENT,
                "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"
                        + "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n"), NOW);
        assertTrue(encrypted.get(0).problem().contains("encrypted"), encrypted.toString());
        List<FieldProblem> notBase64 = CredentialValidator.problems(
                ClientCertificateCredentials.pkcs12(TENANT, CLIENT, "***", "pw"), NOW);
        assertEquals("is not Base64", notBase64.get(0).problem());
        List<FieldProblem> empty = CredentialValidator.problems(
                ClientCertificateCredentials.pkcs12("bad tenant", "x", " ", "pw"), NOW);
        assertEquals(List.of("tenantId", "clientId", "certificate"), fields(empty));
    }

    @Test
    void generatedCertificateIsAcceptedAndWrongPasswordOrExpiryNamed() throws Exception {
        TestCertificates.Generated cert = TestCertificates.selfSigned();
        assertEquals(List.of(), CredentialValidator.problems(
                ClientCertificateCredentials.pem(TENANT, CLIENT, cert.pem()), Instant.now()));
        assertEquals(List.of(), CredentialValidator.problems(
                ClientCertificateCredentials.pkcs12(TENANT, CLIENT, cert.pkcs12Base64(), cert.password()),
                Instant.now()));
        assertEquals(List.of("password"), fields(CredentialValidator.problems(
                ClientCertificateCredentials.pkcs12(TENANT, CLIENT, cert.pkcs12Base64(), "wrong"), Instant.now())));
        List<FieldProblem> expired = CredentialValidator.problems(
                ClientCertificateCredentials.pem(TENANT, CLIENT, cert.pem()), Instant.now().plusSeconds(400 * 86400L));
        assertTrue(expired.get(0).problem().startsWith("expired on"), expired.toString());
    }

    @Test
    void workloadIdentityNeedsAReadableTokenFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "eyJ...");
        assertEquals(List.of(), CredentialValidator.problems(
                new WorkloadIdentityCredentials(TENANT, CLIENT, file.toString()), NOW));
        assertEquals(List.of("tokenFilePath"), fields(CredentialValidator.problems(
                new WorkloadIdentityCredentials(TENANT, CLIENT, dir.resolve("missing").toString()), NOW)));
        assertEquals(List.of("clientId"), fields(CredentialValidator.problems(
                new ManagedIdentityCredentials(TENANT, "not-a-guid"), NOW)));
    }
}
