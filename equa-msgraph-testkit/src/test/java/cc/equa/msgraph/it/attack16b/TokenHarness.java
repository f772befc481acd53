package cc.equa.msgraph.it.attack16b;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.PlanKeys;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Shared set-up for the attack16b page-token attacks (public API only). */
abstract class TokenHarness {

    static final String[] ROLES = {"Group.ReadWrite.All", "User.Read.All"};

    FakeGraphTenant fake;
    InMemorySettingsStore store;
    MicrosoftIntegration microsoft;
    OrganizationIntegration acme;
    final List<MicrosoftIntegration> extra = new ArrayList<>();

    @BeforeEach
    void start() {
        fake = FakeGraphTenant.builder().virtualTime().start();
        store = new InMemorySettingsStore();
        microsoft = node(store, null);
        acme = microsoft.organization(OrganizationId.of("acme"));
        for (int i = 0; i < 7; i++) {
            fake.directory().addGroup("G" + i);
        }
    }

    @AfterEach
    void stop() {
        extra.forEach(MicrosoftIntegration::close);
        microsoft.close();
        fake.close();
    }

    MicrosoftIntegration node(InMemorySettingsStore settings, @Nullable PlanKeys keys) {
        MicrosoftIntegration.Builder b = MicrosoftIntegration.builder().settings(settings)
                .audit(new RecordingAuditSink()).cloud(fake.cloud()).trustCertificates(List.of(fake.caCertificate()))
                .clock(fake.clock()).sleeper(fake.sleeper());
        if (keys != null) {
            b.planKeys(keys);
        }
        MicrosoftIntegration m = b.build();
        if (microsoft != null) {
            extra.add(m);
        }
        return m;
    }

    ClientSecretCredentials creds(String... roles) {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles(roles).build());
        return ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret());
    }

    void connect(OrganizationIntegration org) {
        assertTrue(org.connect(creds(ROLES)).saved());
    }

    static String token(OrganizationIntegration org, GroupQuery q) {
        return org.groups(q).nextPageTokenIfAny().orElseThrow();
    }

    /**
     * Run every candidate against the org and return a description of those not refused the documented way
     * (InvalidInputException, message not echoing the candidate, no request sent).
     */
    List<String> notRefused(OrganizationIntegration org, List<String> candidates, String what) {
        List<String> bad = new ArrayList<>();
        for (String t : candidates) {
            fake.journal().clear();
            String outcome;
            try {
                org.groups(GroupQuery.page(t));
                outcome = "ACCEPTED";
            } catch (InvalidInputException e) {
                outcome = e.getMessage().contains(t) && t.length() > 3 ? "message echoes the token" : null;
                if (outcome == null && e.getMessage().isBlank()) {
                    outcome = "blank message";
                }
            } catch (RuntimeException e) {
                outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            int calls = fake.journal().calls().size();
            if (outcome != null || calls != 0) {
                bad.add(what + " [" + describe(t) + "] -> " + outcome + ", requests " + calls);
            }
        }
        return bad;
    }

    static String describe(String t) {
        return t.length() > 120 ? t.substring(0, 60) + "…(" + t.length() + ")…" + t.substring(t.length() - 40) : t;
    }

    static void assertNone(List<String> bad) {
        assertEquals(List.of(), bad.size() > 20 ? bad.subList(0, 20) : bad, bad.size() + " not refused");
    }
}
