package cc.equa.msgraph.it.connect;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.SettingsStore;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.RecordedCall;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.List;

/** Shared wiring of the connect integration tests against the fake tenant. */
final class ConnectFixture {

    private ConnectFixture() {
    }

    static MicrosoftIntegration integration(FakeGraphTenant fake, SettingsStore store, RecordingAuditSink audit) {
        return MicrosoftIntegration.builder().settings(store).audit(audit).cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate())).clock(fake.clock()).sleeper(fake.sleeper())
                .build();
    }

    static FakeApp app(FakeGraphTenant fake, String... roles) {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles(roles).build());
        LogCapture.sensitive(app.clientSecret());
        return app;
    }

    static ClientSecretCredentials credentials(FakeApp app) {
        return ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret());
    }

    static List<RecordedCall> graphCalls(FakeGraphTenant fake) {
        return fake.journal().calls(c -> c.kind() == RecordedCall.Kind.GRAPH);
    }
}
