package cc.equa.msgraph.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * TLS (issue #8 §7): no production code path of core, spi or testkit disables certificate or host-name validation.
 * Two scans — the compiled classes (no class implements a trust manager or host-name verifier) and the sources (no
 * lambda or call that could switch validation off) — and one behaviour check: without the fake's CA as an explicit
 * extra trust anchor ({@code trustCertificates}), the library refuses the fake's certificate and no request reaches it.
 */
class ReliabilityTlsTest {

    static final List<String> MODULES = List.of("equa-msgraph-core", "equa-msgraph-spi", "equa-msgraph-testkit");
    static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("HostnameVerifier"), Pattern.compile("hostnameVerifier\\s*\\("),
            Pattern.compile("(?i)trust_?all"), Pattern.compile("InsecureTrustManager"),
            Pattern.compile("NoopHostnameVerifier|ALLOW_ALL_HOSTNAME"), Pattern.compile("TrustAllStrategy"),
            Pattern.compile("setDefaultSSLSocketFactory|setDefaultHostnameVerifier"),
            Pattern.compile("checkServerTrusted\\s*\\([^)]*\\)\\s*\\{\\s*\\}"),
            Pattern.compile("getAcceptedIssuers\\s*\\(\\s*\\)\\s*\\{\\s*return\\s+(null|new\\s+X509Certificate\\[0\\])"),
            Pattern.compile("insecure\\s*\\(|\\.insecure\\b|addInsecureHost"),
            Pattern.compile("jdk\\.internal\\.httpclient\\.disableHostnameVerification"));

    static Path root() {
        Path p = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        return p.getFileName().toString().equals("equa-msgraph-testkit") ? p.getParent() : p;
    }

    @Test
    void noProductionSourceDisablesCertificateOrHostNameValidation() throws IOException {
        List<String> hits = new ArrayList<>();
        int files = 0;
        for (String module : MODULES) {
            Path src = root().resolve(module).resolve("src/main/java");
            try (Stream<Path> s = Files.walk(src)) {
                for (Path f : s.filter(x -> x.toString().endsWith(".java")).toList()) {
                    files++;
                    String text = Files.readString(f);
                    for (Pattern p : FORBIDDEN) {
                        if (p.matcher(text).find()) {
                            hits.add(root().relativize(f) + ": " + p.pattern());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), hits);
        assertTrue(files > 100, "scanned " + files + " source files");
        Figures.add("tls_source_files_scanned", files);
    }

    @Test
    void noProductionClassImplementsATrustManagerOrHostNameVerifier() throws Exception {
        List<String> hits = new ArrayList<>();
        int classes = 0;
        for (String module : MODULES) {
            Path out = root().resolve(module).resolve("target/classes");
            try (Stream<Path> s = Files.walk(out)) {
                for (Path f : s.filter(x -> x.toString().endsWith(".class")).toList()) {
                    String name = out.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    if (name.endsWith("package-info") || name.equals("module-info")) {
                        continue;
                    }
                    Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                    classes++;
                    if (TrustManager.class.isAssignableFrom(c) || HostnameVerifier.class.isAssignableFrom(c)
                            || X509TrustManager.class.isAssignableFrom(c)) {
                        hits.add(name);
                    }
                }
            }
        }
        assertEquals(List.of(), hits);
        assertTrue(classes > 100, "scanned " + classes + " classes");
        Figures.add("tls_classes_scanned", classes);
    }

    @Test
    void withoutTheFakesCaAsAnExplicitTrustAnchorTheCertificateIsRefused() {
        try (FakeGraphTenant fake = Fakes.start(FakeGraphTenant.builder().virtualTime())) {
            FakeApp app = Fakes.app(fake, AppRegistration.builder().roles("Group.Read.All", "User.Read.All").build());
            InMemorySettingsStore settings = new InMemorySettingsStore();
            ClientSecretCredentials creds = ClientSecretCredentials.of(app.tenantId(), app.clientId(),
                    app.clientSecret());
            try (MicrosoftIntegration untrusting = MicrosoftIntegration.builder().settings(settings)
                    .cloud(fake.cloud()).clock(fake.clock()).sleeper(fake.sleeper()).build()) {
                ConnectionReport report = untrusting.organization("tls-org").testConnection(creds);
                assertFalse(report.passed(), report.toString());
            } catch (RuntimeException refused) {
                // refusing by exception is as good as a failed report
            }
            assertEquals(0, fake.journal().calls().size(), "the TLS handshake must fail before any request");
            try (MicrosoftIntegration trusting = Fakes.integration(fake).settings(settings).build()) {
                assertTrue(trusting.organization("tls-org").testConnection(creds).passed());
            }
        }
    }
}
