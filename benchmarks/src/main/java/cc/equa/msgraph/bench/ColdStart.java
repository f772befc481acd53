package cc.equa.msgraph.bench;

import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * S5's child JVM: from a fresh JVM to the first Graph call's answer, either through the library
 * ({@code linkedGroup()}: token + {@code GET /groups/{id}}) or through the raw SDK (token +
 * {@code GET /groups/{id}}). Prints {@code DONE ms_since_jvm_start=…}. Arguments: library|sdk authority graph
 * caPemFile tenant clientId secret groupId.
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        X509Certificate ca = PlanChild.pem(Path.of(args[3]));
        String name;
        if (args[0].equals("library")) {
            InMemorySettingsStore settings = new InMemorySettingsStore();
            settings.save(BenchTenant.ORG, IntegrationSettings.empty()
                    .withCredentials(new ClientSecretCredentials(args[4], args[5], Secret.of(args[6])))
                    .withLinkedGroupId(args[7]));
            try (MicrosoftIntegration m = MicrosoftIntegration.builder().settings(settings)
                    .cloud(MicrosoftCloud.custom("fake", URI.create(args[1]), URI.create(args[2])))
                    .trustCertificates(List.of(ca)).build()) {
                name = m.organization(BenchTenant.ORG).linkedGroup().orElseThrow().displayName();
            }
        } else {
            RawSdk sdk = RawSdk.connect(args[1], args[2], List.of(ca), args[4], args[5], args[6]);
            name = sdk.graph().groups().byGroupId(args[7]).get().getDisplayName();
        }
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("DONE ms_since_jvm_start=" + sinceStart + " group=" + name.replace(' ', '_'));
        System.out.flush();
        System.exit(0);
    }
}
