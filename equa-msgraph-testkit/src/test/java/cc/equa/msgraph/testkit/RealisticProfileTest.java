package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.GroupSetting;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The realistic profile is one switch: on the builder, on {@link FakeGraphTest} and in the standalone seed file. */
class RealisticProfileTest {

    @Nested
    @FakeGraphTest(virtualTime = true, realistic = true)
    class Annotated {
        @Test
        void theAnnotationTurnsTheProfileOn(FakeGraphTenant fake) {
            assertEquals(Hostility.realistic(1).toString(), fake.hostility().toString());
            assertTrue(fake.virtualTime());
        }
    }

    @Nested
    @FakeGraphTest
    class Plain {
        @Test
        void withoutItTheDefaultsStay(FakeGraphTenant fake) {
            assertEquals(Hostility.DEFAULT, fake.hostility());
        }
    }

    @Test
    void theSeedFileSelectsTheProfileAndAGroupsGuestSetting(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, """
                {
                  "profile": "realistic", "seed": 5,
                  "apps": [{"clientId": "22222222-2222-2222-2222-222222222222", "secret": "s",
                            "roles": ["Group.Read.All"]}],
                  "groups": [{"displayName": "Closed", "mailNickname": "closed", "allowGuests": false}]
                }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FakeGraphTenant fake = FakeGraphServer.start(new String[] {"--port", "0", "--seed", seed.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertEquals(Hostility.realistic(5).toString(), fake.hostility().toString());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Profile:   realistic, seed 5"));
            String closed = fake.directory().groups().get(0).id();
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.Read.All"));
            List<GroupSetting> settings = graph.groups().byGroupId(closed).settings().get().getValue();
            assertEquals("Group.Unified.Guest", settings.get(0).getDisplayName());
        }
        Files.writeString(seed, "{\"profile\": \"optimistic\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FakeGraphServer.start(
                new String[] {"--port", "0", "--seed", seed.toString()}, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("realistic"), e.getMessage());
        Files.writeString(seed, "{}");
        try (FakeGraphTenant fake = FakeGraphServer.start(new String[] {"--port", "0", "--seed", seed.toString()},
                new PrintStream(new ByteArrayOutputStream()))) {
            assertFalse(fake.hostility() != Hostility.DEFAULT, "no profile: the defaults");
        }
    }
}
