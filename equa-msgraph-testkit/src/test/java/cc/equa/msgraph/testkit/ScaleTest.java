package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 50,000 groups and a group with 100,000 members must page in linear time. The generous timeout only catches
 * quadratic behaviour (which would take minutes); it is not a performance benchmark.
 */
@FakeGraphTest
class ScaleTest {

    @Test
    void fiftyThousandGroupsAndAHundredThousandMembersPageThrough(FakeGraphTenant fake) {
        FakeDirectory dir = fake.directory();
        for (int i = 0; i < 50_000; i++) {
            dir.addGroup(FakeGroup.builder("Group " + i).mailNickname("g" + i).build());
        }
        FakeGroup big = dir.addGroup(FakeGroup.builder("All hands").mailNickname("allhands").build());
        List<String> ids = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            ids.add(dir.addUser("user" + i + "@contoso.com").id());
        }
        dir.addMembers(big.id(), ids);
        Http http = new Http(fake);
        String token = http.accessToken(Sdk.app(fake, "GroupMember.Read.All", "User.Read.All"));
        GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.Read.All", "User.Read.All"));
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            int groups = 0;
            String next = "/groups?$top=999&$select=id";
            while (next != null) {
                Http.Resp r = http.get(next, token);
                assertEquals(200, r.status());
                groups += r.json().getAsJsonArray("value").size();
                next = r.json().has("@odata.nextLink")
                        ? r.json().get("@odata.nextLink").getAsString().substring((fake.graphEndpoint() + "/v1.0")
                                .length()) : null;
            }
            assertEquals(50_001, groups);

            AtomicInteger members = new AtomicInteger();
            DirectoryObjectCollectionResponse first = graph.groups().byGroupId(big.id()).members().get(rc -> {
                rc.queryParameters.top = 999;
                rc.queryParameters.select = new String[] {"id", "mail"};
            });
            new PageIterator.Builder<DirectoryObject, DirectoryObjectCollectionResponse>().client(graph)
                    .collectionPage(first)
                    .collectionPageFactory(DirectoryObjectCollectionResponse::createFromDiscriminatorValue)
                    .processPageItemCallback(o -> members.incrementAndGet() > 0).build().iterate();
            assertEquals(100_000, members.get());
        });
    }
}
