package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.Group;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdkSmokeTest {

    @Test
    void realSdkListsSeededGroupsWithATokenFromTheFake() {
        try (FakeGraphTenant fake = FakeGraphTenant.startNew()) {
            fake.directory().addGroup("Board");
            FakeApp app = Sdk.app(fake, "Group.Read.All");
            GraphServiceClient graph = Sdk.graph(fake, app);
            List<Group> groups = graph.groups().get().getValue();
            assertEquals(List.of("Board"), groups.stream().map(Group::getDisplayName).toList());
            assertTrue(fake.journal().tokenRequests() >= 1);
            assertEquals(List.of(), fake.violations());
        }
    }
}
