package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.groups.delta.DeltaGetResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.serialization.UntypedArray;
import com.microsoft.kiota.serialization.UntypedNode;
import com.microsoft.kiota.serialization.UntypedObject;
import com.microsoft.kiota.serialization.UntypedString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Group delta (graph-behaviour.md §9) through the real SDK: initial round, changes only, from now, expiry. */
class GroupDeltaTest {

    /** The ids in a group's {@code members@delta} (or {@code owners@delta}), removed ones prefixed with '-'. */
    static List<String> delta(Group g, String property) {
        List<String> out = new ArrayList<>();
        Object raw = g.getAdditionalData().get(property);
        if (raw == null) {
            return out;
        }
        for (UntypedNode n : ((UntypedArray) raw).getValue()) {
            UntypedObject o = (UntypedObject) n;
            String id = ((UntypedString) o.getValue().get("id")).getValue();
            out.add(o.getValue().containsKey("@removed") ? "-" + id : id);
        }
        return out;
    }

    static DeltaGetResponse start(GraphServiceClient graph, String groupId, boolean latest) {
        if (latest) {
            return graph.groups().delta().withUrl(graphRoot(graph) + "/groups/delta?$filter=id%20eq%20'" + groupId
                    + "'&$select=members,owners&$deltatoken=latest").get();
        }
        return graph.groups().delta().get(cfg -> {
            cfg.queryParameters.filter = "id eq '" + groupId + "'";
            cfg.queryParameters.select = new String[] {"members", "owners"};
        });
    }

    static String graphRoot(GraphServiceClient graph) {
        return graph.getRequestAdapter().getBaseUrl();
    }

    @Test
    void aDeltaRoundReportsTheFullMembershipFirstThenOnlyWhatChanged() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().start()) {
            FakeDirectory dir = fake.directory();
            String ann = dir.addUser("ann@contoso.com").id();
            String bob = dir.addUser("bob@contoso.com").id();
            String cy = dir.addUser("cy@contoso.com").id();
            FakeGroup g = dir.addGroup("Board");
            FakeGroup other = dir.addGroup("Other");
            dir.addMembers(g.id(), ann, bob);
            dir.addOwners(g.id(), ann);
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All"));

            DeltaGetResponse first = start(graph, g.id(), false);
            assertEquals(1, first.getValue().size());
            assertEquals(List.of(ann, bob).stream().sorted().toList(),
                    delta(first.getValue().get(0), "members@delta").stream().sorted().toList());
            assertEquals(List.of(ann), delta(first.getValue().get(0), "owners@delta"));
            String link = first.getOdataDeltaLink();
            assertNotNull(link);

            DeltaGetResponse quiet = graph.groups().delta().withUrl(link).get();
            assertEquals(List.of(), quiet.getValue(), "nothing changed");
            dir.addMembers(other.id(), cy);
            DeltaGetResponse stillQuiet = graph.groups().delta().withUrl(quiet.getOdataDeltaLink()).get();
            assertEquals(List.of(), stillQuiet.getValue(), "another group's change is not reported");

            dir.addMembers(g.id(), cy);
            dir.removeMember(g.id(), bob);
            DeltaGetResponse changed = graph.groups().delta().withUrl(stillQuiet.getOdataDeltaLink()).get();
            assertEquals(1, changed.getValue().size());
            assertEquals(g.id(), changed.getValue().get(0).getId());
            assertEquals(List.of(cy, "-" + bob).stream().sorted().toList(),
                    delta(changed.getValue().get(0), "members@delta").stream().sorted().toList());
            assertEquals(List.of(), delta(changed.getValue().get(0), "owners@delta"));

            // an older link still reports everything since it was issued
            DeltaGetResponse fromQuiet = graph.groups().delta().withUrl(quiet.getOdataDeltaLink()).get();
            assertEquals(2, delta(fromQuiet.getValue().get(0), "members@delta").size());
            assertEquals(5, fake.journal().calls(c -> c.path().startsWith("/v1.0/groups/delta")).size());
        }
    }

    @Test
    void latestStartsFromNowAndAnExpiredOrUnknownTokenMeansResync() {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().start()) {
            FakeDirectory dir = fake.directory();
            String ann = dir.addUser("ann@contoso.com").id();
            FakeGroup g = dir.addGroup("Board");
            dir.addMembers(g.id(), ann);
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All"));

            DeltaGetResponse now = start(graph, g.id(), true);
            assertEquals(List.of(), now.getValue());
            dir.addOwners(g.id(), ann);
            DeltaGetResponse next = graph.groups().delta().withUrl(now.getOdataDeltaLink()).get();
            assertEquals(List.of(ann), delta(next.getValue().get(0), "owners@delta"));

            fake.advanceTime(Duration.ofDays(7).plusMinutes(1));
            ODataError expired = assertThrows(ODataError.class,
                    () -> graph.groups().delta().withUrl(next.getOdataDeltaLink()).get());
            assertEquals(400, expired.getResponseStatusCode());
            assertEquals("syncStateNotFound", expired.getError().getCode());
            ODataError unknown = assertThrows(ODataError.class, () -> graph.groups().delta()
                    .withUrl(graphRoot(graph) + "/groups/delta?$deltatoken=nope").get());
            assertEquals("syncStateNotFound", unknown.getError().getCode());

            ODataError noFilter = assertThrows(ODataError.class, () -> graph.groups().delta().get());
            assertEquals("Request_UnsupportedQuery", noFilter.getError().getCode());
            ODataError denied = assertThrows(ODataError.class, () -> Sdk.graph(fake, Sdk.app(fake,
                    "User.Read.All")).groups().delta().get(cfg -> cfg.queryParameters.filter = "id eq '" + g.id()
                    + "'"));
            assertEquals(403, denied.getResponseStatusCode());
            assertTrue(fake.violations().isEmpty(), fake.violations().toString());
        }
    }
}
