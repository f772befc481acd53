package cc.equa.msgraph.it.attack;

import static cc.equa.msgraph.it.attack.AttackFixture.noRawControls;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.MsGraphException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile directory values and Graph error messages reach every rendered or printed value; no raw control, bidi or
 * escape character may survive. Secrets and plan keys appear in no output at all.
 */
class RenderAndSecretsAttackTest {

    static final String EVIL = "Eve\r\n  remove  ceo@acme.test\u202E\u2066\u001B[2J\u0000\u200B\u2028\u0085\t|";

    @Test
    void hostileGroupNamesDisplayNamesAndGraphMessagesNeverPrintRaw() {
        try (AttackFixture f = new AttackFixture()) {
            f.fake.directory().addGroup(EVIL + " group");
            String eve = f.user(FakeUser.builder().displayName(EVIL).mail("eve@acme.test"));
            f.fake.directory().addMembers(f.groupId, eve);
            f.user(FakeUser.builder().displayName(EVIL + "2").mail("ann@acme.test"));
            f.team(TeamMember.individual("t\n1", EVIL, "ann@acme.test").withTitle(EVIL));
            List<String> outputs = new ArrayList<>();
            f.org.groups(GroupQuery.all()).groups().forEach(g -> outputs.add(g.toString()));
            outputs.add(f.org.groups(GroupQuery.search("group")).toString());
            f.org.members().forEach(m -> outputs.add(m.toString()));
            f.org.linkedGroup().ifPresent(g -> outputs.add(g.toString()));
            ConnectionReport report = f.org.testConnection();
            outputs.add(report.render());
            outputs.add(report.toString());
            SyncPlan plan = f.org.planSync();
            outputs.add(plan.render());
            outputs.add(plan.toString());
            plan.changes().forEach(c -> outputs.add(c.toString()));
            plan.skipped().forEach(c -> outputs.add(c.toString()));
            plan.unchanged().forEach(c -> outputs.add(c.toString()));
            f.fake.faults().add(FaultRule.on("*", "/groups/**").scope(FaultRule.Scope.BATCH_ITEMS).status(400)
                    .code("Evil\n\u202ECode").message(EVIL).times(FaultRule.ALWAYS).build());
            try {
                SyncResult r = f.org.applySync(plan);
                outputs.add(r.render());
                outputs.add(r.toString());
                r.changes().forEach(c -> outputs.add(c.toString()));
            } catch (MsGraphException e) {
                outputs.add(e.getMessage());
                outputs.add(e.toString());
                outputs.add(e.remediation());
            }
            f.audit.events().forEach(e -> outputs.add(e.toString()));
            f.fake.faults().clear();
            f.fake.faults().add(FaultRule.on("GET", "/groups/*").status(400).code("Evil\n\u202ECode").message(EVIL)
                    .header("request-id", "id\n\u202Eforged").times(FaultRule.ALWAYS).build());
            try {
                f.org.linkGroup(f.groupId);
            } catch (MsGraphException e) {
                outputs.add(e.getMessage());
                outputs.add(e.toString());
                outputs.add(String.valueOf(e.requestId()));
                outputs.add(String.valueOf(e.graphErrorCode()));
            }
            for (String out : outputs) {
                noRawControls("output", out.replace("\n", " "));
                // the only line breaks allowed are the renderer's own; no line may start with a forged action
                for (String line : out.split("\n")) {
                    assertTrue(!line.stripLeading().startsWith("remove  ceo@acme.test"), "forged row: " + out);
                }
            }
        }
    }

    @Test
    void noSecretOrPlanKeyInAnyOutput() {
        try (AttackFixture f = new AttackFixture()) {
            f.member("leaver@acme.test");
            f.user("ann@acme.test");
            f.team(TeamMember.individual("t1", "Ann", "ann@acme.test"));
            List<String> outputs = new ArrayList<>();
            outputs.add(f.org.testConnection().render());
            outputs.add(f.org.testConnection().toString());
            SyncPlan plan = f.org.planSync();
            outputs.add(plan.toJson());
            outputs.add(plan.render());
            outputs.add(plan.toString());
            outputs.add(f.org.applySync(plan).render());
            outputs.add(f.settings.load(AttackFixture.ORG).orElseThrow().toString());
            f.audit.events().forEach(e -> outputs.add(e.toString()));
            f.fake.faults().add(FaultRule.on("*", "/**").status(401).times(FaultRule.ALWAYS).build());
            try {
                f.org.planSync();
            } catch (MsGraphException e) {
                outputs.add(e.toString());
            }
            String secret = f.app.clientSecret();
            String key = f.raw.load(AttackFixture.ORG).orElseThrow().stateValue("secret.plan.key").orElseThrow();
            String material = key.substring(key.indexOf(':') + 1);
            for (String out : outputs) {
                assertTrue(!out.contains(secret), "client secret in " + out);
                assertTrue(!out.contains(material), "plan key in " + out);
            }
        }
    }
}
