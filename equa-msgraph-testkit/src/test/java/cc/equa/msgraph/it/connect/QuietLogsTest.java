package cc.equa.msgraph.it.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.InMemoryTeamDirectory;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #16 "quiet logs": a normal connect → plan → apply logs nothing at INFO or above but the library's own lines;
 * azure-identity and azure-core, as the library configures them, add nothing (before, every token request logged
 * azure-core's INFO "Retry attempts have been exhausted" and azure-identity's INFO "getToken() result … SUCCESS").
 */
@ExtendWith(LogCapture.class)
class QuietLogsTest {

    @Test
    void aNormalConnectPlanAndApplyLogsOnlyTheLibrarysOwnLinesAtInfo() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().start()) {
            FakeApp app = ConnectFixture.app(fake, "GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All");
            String group = fake.directory().addGroup("Quiet Board").id();
            fake.directory().addUser("ann@acme.test");
            OrganizationId acme = OrganizationId.of("quiet-logs");
            InMemoryTeamDirectory team = InMemoryTeamDirectory.of(acme,
                    TeamMember.individual("m1", "Ann", "ann@acme.test"));
            int from = LogCapture.lineCount();
            try (MicrosoftIntegration ms = MicrosoftIntegration.builder().settings(new InMemorySettingsStore())
                    .team(team).audit(new RecordingAuditSink()).cloud(fake.cloud())
                    .trustCertificates(List.of(fake.caCertificate())).clock(fake.clock()).sleeper(fake.sleeper())
                    .build()) {
                OrganizationIntegration org = ms.organization(acme);
                assertTrue(org.connect(ConnectFixture.credentials(app)).passed());
                org.linkGroup(group);
                SyncPlan plan = org.planSync();
                SyncResult result = org.applySync(plan);
                assertTrue(result.isComplete(), result.render());
                assertEquals(1, fake.directory().memberIds(group).size());
            }
            List<String> lines = LogCapture.lines();
            List<String> all = lines.subList(Math.min(from, lines.size()), lines.size());
            assertFalse(all.isEmpty(), "nothing was captured: the check would prove nothing");
            List<String> foreign = all.stream()
                    .filter(l -> l.startsWith("INFO ") || l.startsWith("WARN ") || l.startsWith("ERROR ")
                            || l.startsWith("JUL INFO ") || l.startsWith("JUL WARNING ") || l.startsWith("JUL SEVERE "))
                    .filter(l -> !l.contains(" cc.equa.msgraph.") || l.contains(" cc.equa.msgraph.testkit"))
                    .filter(l -> !l.startsWith("INFO cc.equa.msgraph.") && !l.startsWith("WARN cc.equa.msgraph.")
                            && !l.startsWith("ERROR cc.equa.msgraph."))
                    .toList();
            assertEquals(List.of(), foreign, "INFO or louder lines from outside the library");
        }
    }
}
