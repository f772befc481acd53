package cc.equa.msgraph.internal.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Generate a self-signed certificate with the JDK's keytool (no third-party crypto library). */
final class TestCertificates {

    record Generated(String pem, String pkcs12Base64, String password) { }

    private static Generated cached;

    private TestCertificates() {
    }

    static synchronized Generated selfSigned() throws Exception {
        if (cached != null) {
            return cached;
        }
        Path dir = Files.createTempDirectory("equa-cert");
        Path store = dir.resolve("app.p12");
        String password = "changeit-" + System.nanoTime();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=equa-msgraph-test", "-validity", "365", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(p.getInputStream().readAllBytes()));
        }
        byte[] bytes = Files.readAllBytes(store);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new java.io.ByteArrayInputStream(bytes), password.toCharArray());
        PrivateKey key = (PrivateKey) ks.getKey("app", password.toCharArray());
        Certificate cert = ks.getCertificate("app");
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes());
        pem.writeBytes(("-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n").getBytes());
        pem.writeBytes(("-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n").getBytes());
        cached = new Generated(pem.toString(), Base64.getEncoder().encodeToString(bytes), password);
        Files.delete(store);
        Files.delete(dir);
        return cached;
    }
}
