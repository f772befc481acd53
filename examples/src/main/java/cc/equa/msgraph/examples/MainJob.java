package cc.equa.msgraph.examples;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import java.io.PrintStream;
import java.util.List;

/**
 * The main job: what an Equa organization admin sees, end to end, on an embedded fake Microsoft 365 tenant. No
 * network and no Microsoft account needed.
 */
public final class MainJob {

    private MainJob() {
    }

    /**
     * Run the flow.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            FakeApp app = fake.registerApp(AppRegistration.builder()
                    .roles("Group.ReadWrite.All", "User.Read.All").build());
            fake.directory().addGroup("Acme Board");
            out.println("Embedded fake Microsoft 365 tenant " + fake.defaultTenant().domain() + " at "
                    + fake.graphEndpoint());

            try (MicrosoftIntegration microsoft = MicrosoftIntegration.builder()
                    .settings(new InMemorySettingsStore())
                    .cloud(fake.cloud())
                    .trustCertificates(List.of(fake.caCertificate()))
                    .build()) {
                OrganizationIntegration acme = microsoft.organization(OrganizationId.of("acme"));

                out.println();
                out.println("== Settings > Integrations > Microsoft: Test Connection (a mistyped secret)");
                ConnectionReport wrong = acme.testConnection(
                        ClientSecretCredentials.of(app.tenantId(), app.clientId(), "not-the-secret"));
                out.print(wrong.render());

                out.println();
                out.println("== Test Connection (the right secret)");
                ConnectionReport right = acme.testConnection(
                        ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret()));
                out.print(right.render());
                if (!right.passed()) {
                    throw new IllegalStateException("The connection test against the fake tenant should pass");
                }
            }
        }
    }
}
