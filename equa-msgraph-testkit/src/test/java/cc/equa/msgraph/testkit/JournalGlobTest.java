package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal's glob grammar and its writes-only view, as documented on {@link RequestJournal}. */
@FakeGraphTest
class JournalGlobTest {

    @Test
    void globsMatchWholeSegmentsCaseInsensitivelyWithOrWithoutTheVersionPrefix(FakeGraphTenant fake) {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
        graph.groups().get();
        graph.groups().byGroupId(g.id()).get();
        graph.groups().byGroupId(g.id()).members().ref().post(MembersTest.ref(ann.id()));
        graph.groups().byGroupId(g.id()).members().get();
        RequestJournal j = fake.journal();
        int all = j.calls(c -> c.kind() == RecordedCall.Kind.GRAPH).size();

        assertEquals(all, j.count("*", "/**"), "'/**' matches every Graph path");
        assertEquals(all, j.count("*", "/v1.0/**"));
        assertEquals(1, j.count("GET", "/groups"), "no wildcard: the exact path only");
        assertEquals(1, j.count("GET", "/groups/*"), "'*' is exactly one segment");
        assertEquals(3, j.count("GET", "/groups/**"), "'**' includes zero segments: /groups itself");
        assertEquals(1, j.count("POST", "/groups/*/members/$ref"));
        assertEquals(1, j.count("POST", "/GROUPS/*/MEMBERS/$REF"), "segments match case-insensitively");
        assertEquals(1, j.count("POST", "/v1.0/groups/" + g.id() + "/members/$ref"));
        assertEquals(0, j.count("GET", "/group*"), "no partial-segment wildcards");
        assertEquals(2, j.count("get", "/groups/*/**"), "the method is case-insensitive too");
    }

    @Test
    void writesListsWritesAndBatchItemsButNotTheEnvelopeOrReads(FakeGraphTenant fake) throws Exception {
        FakeGroup g = fake.directory().addGroup("Board");
        FakeUser ann = fake.directory().addUser("ann@contoso.com");
        FakeUser bob = fake.directory().addUser("bob@contoso.com");
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All", "User.Read.All"));
        graph.groups().byGroupId(g.id()).members().ref().post(MembersTest.ref(ann.id()));
        var batch = new com.microsoft.graph.core.content.BatchRequestContent(graph);
        batch.addBatchRequestStep(graph.groups().byGroupId(g.id()).members().ref()
                .toPostRequestInformation(MembersTest.ref(bob.id())));
        batch.addBatchRequestStep(graph.users().toGetRequestInformation());
        graph.getBatchRequestBuilder().post(batch, null);
        graph.groups().byGroupId(g.id()).members().byDirectoryObjectId(ann.id()).ref().delete();

        List<RecordedCall> writes = fake.journal().writes();
        assertEquals(List.of("POST", "POST", "DELETE"), writes.stream().map(RecordedCall::method).toList());
        assertEquals(List.of(RecordedCall.Kind.GRAPH, RecordedCall.Kind.BATCH_ITEM, RecordedCall.Kind.GRAPH),
                writes.stream().map(RecordedCall::kind).toList());
        assertEquals(List.of(bob.id()), fake.directory().memberIds(g.id()));
    }
}
