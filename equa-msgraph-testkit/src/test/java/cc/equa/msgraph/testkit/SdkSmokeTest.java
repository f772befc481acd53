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

    @Test
    void integrationBuilderIsPreWiredWithTheFakesCloudTrustAndVirtualTime() throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime().start()) {
            cc.equa.msgraph.MicrosoftIntegration.Builder b = fake.integrationBuilder();
            assertEquals(fake.cloud(), field(b, "cloud"));
            assertEquals(List.of(fake.caCertificate()), field(b, "trusted"));
            assertEquals(fake.clock(), field(b, "clock"));
            java.time.Instant before = fake.clock().instant();
            ((cc.equa.msgraph.Sleeper) field(b, "sleeper")).sleep(java.time.Duration.ofMinutes(5));
            assertEquals(before.plusSeconds(300), fake.clock().instant());
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
