package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.NewGroup;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * attackgm, part B: "every request" means every path, not only plan and apply: the connection test, the group
 * browser, linking and creating a group are heard too, with clean templates.
 */
class EveryPathHeardAttackTest {

    @Test
    void theConnectionTestBrowsingLinkingAndCreatingAGroupAreEachHeardRequestForRequest() {
        GraphRequestEventsAttackTest.Recorder r = new GraphRequestEventsAttackTest.Recorder();
        try (GmFixture f = new GmFixture(Hostility.DEFAULT, r, null, "GroupMember.ReadWrite.All",
                "Group.ReadWrite.All", "User.Read.All")) {
            f.users(3);
            f.fake.directory().addGroup("Board members@x ?$top=1");
            f.fake.journal().clear();

            f.org.testConnection();
            f.org.status();
            f.org.groups(GroupQuery.search("Board"));
            String created = f.org.createGroup(NewGroup.named("New members group").mailNickname("newmembers"))
                    .group().id();
            f.org.linkGroup(f.groupId);
            f.org.linkedGroup();
            f.org.members();

            Set<String> ids = new HashSet<>();
            f.fake.directory().users().forEach(u -> ids.add(u.id()));
            f.fake.directory().groups().forEach(g -> ids.add(g.id()));
            ids.add(created);
            Set<String> secrets = new HashSet<>(ids);
            secrets.add(f.app.clientSecret());
            secrets.add(f.app.tenantId());
            GraphRequestEventsAttackTest.assertClean(r.events, secrets);
            assertEquals(GraphRequestEventsAttackTest.journaled(f, RecordedCall.Kind.GRAPH, ids),
                    GraphRequestEventsAttackTest.heard(r.of(GraphRequestEvent.Kind.REQUEST)));
            assertEquals(GraphRequestEventsAttackTest.journaled(f, RecordedCall.Kind.BATCH_ITEM, ids),
                    GraphRequestEventsAttackTest.heard(r.of(GraphRequestEvent.Kind.BATCH_ITEM)));
            assertFalse(r.events.isEmpty());
        }
    }
}
