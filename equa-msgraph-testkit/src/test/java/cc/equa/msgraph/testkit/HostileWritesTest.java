package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.GroupSetting;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items 1–4 of issue 14 at the fake level, through the real Graph SDK: what writes meet in a hostile tenant. */
class HostileWritesTest {

    private static FakeGraphTenant start(Hostility h) {
        return FakeGraphTenant.builder().virtualTime().hostility(h).start();
    }

    private static FakeUser guest(FakeGraphTenant fake, String mail) {
        return fake.directory().addUser(FakeUser.builder().mail(mail).guest().build());
    }

    private static String value(GroupSetting s, String name) {
        return s.getValues().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    @Test
    void aGroupThatRefusesGuestsAnswers403ForAGuestAndFailsTheWholeBind() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.builder().guestsAllowed(false).build())) {
            FakeGroup team = fake.directory().addGroup("Team");
            FakeUser g = guest(fake, "gus@partner.com");
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
            ODataError e = assertThrows(ODataError.class, () -> graph.groups().byGroupId(team.id()).members().ref()
                    .post(MembersTest.ref(g.id())));
            assertEquals(403, e.getResponseStatusCode());
            assertEquals("Authorization_RequestDenied", e.getError().getCode());
            assertTrue(e.getError().getMessage().startsWith("Guests users are not allowed to join this Unified Group "
                    + "due to policy setting"), e.getError().getMessage());

            // a 20-member bind with one guest inside $batch: the item fails as a whole, nobody is added
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                ids.add(fake.directory().addUser("m" + i + "@contoso.com").id());
            }
            ids.add(g.id());
            BatchRequestContent batch = new BatchRequestContent(graph);
            String bind = batch.addBatchRequestStep(graph.groups().byGroupId(team.id())
                    .toPatchRequestInformation(MembersTest.bind(ids)));
            BatchResponseContent resp = graph.getBatchRequestBuilder().post(batch, null);
            assertEquals(403, resp.getResponsesStatusCode().get(bind));
            assertEquals(List.of(), fake.directory().memberIds(team.id()));

            // members are fine, and security groups are not subject to the Microsoft 365 guest setting
            graph.groups().byGroupId(team.id()).members().ref().post(MembersTest.ref(ids.get(0)));
            FakeGroup sec = fake.directory().addGroup(FakeGroup.builder("Sec").security().build());
            graph.groups().byGroupId(sec.id()).members().ref().post(MembersTest.ref(g.id()));
            assertEquals(List.of(g.id()), fake.directory().memberIds(sec.id()));
        }
    }

    @Test
    void aGroupsOwnSettingRefusesGuestsWhereTheTenantAllowsThemAndTheSettingsAreReadable() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.DEFAULT)) {
            FakeGroup open = fake.directory().addGroup("Open");
            FakeGroup closed = fake.directory().addGroup("Closed");
            fake.directory().guestsAllowed(closed.id(), false);
            FakeUser g = guest(fake, "gus@partner.com");
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All", "Group.Read.All"));
            graph.groups().byGroupId(open.id()).members().ref().post(MembersTest.ref(g.id()));
            ODataError e = assertThrows(ODataError.class, () -> graph.groups().byGroupId(closed.id()).members().ref()
                    .post(MembersTest.ref(g.id())));
            assertEquals(403, e.getResponseStatusCode());

            List<GroupSetting> settings = graph.groups().byGroupId(closed.id()).settings().get().getValue();
            assertEquals(1, settings.size());
            assertEquals("Group.Unified.Guest", settings.get(0).getDisplayName());
            assertEquals("false", value(settings.get(0), "AllowToAddGuests"));
            assertEquals(List.of(), graph.groups().byGroupId(open.id()).settings().get().getValue(),
                    "a group without its own setting has no settings object");
            // tenant-wide settings need Directory.Read.All; on the defaults there are none
            ODataError denied = assertThrows(ODataError.class, () -> graph.groupSettings().get());
            assertEquals(403, denied.getResponseStatusCode());
            GraphServiceClient reader = Sdk.graph(fake, Sdk.app(fake, "Directory.Read.All"));
            assertEquals(List.of(), reader.groupSettings().get().getValue());
            fake.hostility(Hostility.builder().guestsAllowed(false).build());
            GroupSetting tenant = reader.groupSettings().get().getValue().get(0);
            assertEquals("Group.Unified", tenant.getDisplayName());
            assertEquals("false", value(tenant, "AllowToAddGuests"));
        }
    }

    @Test
    void removingANonMemberAnswers404Or400AsConfiguredAndTheMixIsReproducible() throws Exception {
        for (double share : new double[] {0, 1}) {
            try (FakeGraphTenant fake = start(Hostility.builder().removeMissingAsBadRequest(share).build())) {
                FakeGroup team = fake.directory().addGroup("Team");
                FakeUser ann = fake.directory().addUser("ann@contoso.com");
                GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
                ODataError e = assertThrows(ODataError.class, () -> graph.groups().byGroupId(team.id()).members()
                        .byDirectoryObjectId(ann.id()).ref().delete());
                if (share == 0) {
                    assertEquals(404, e.getResponseStatusCode());
                    assertEquals("Request_ResourceNotFound", e.getError().getCode());
                } else {
                    assertEquals(400, e.getResponseStatusCode());
                    assertEquals("Request_BadRequest", e.getError().getCode());
                    assertEquals("One or more removed object references do not exist for the following modified "
                            + "properties: 'members'.", e.getError().getMessage());
                }
            }
        }
        assertEquals(removalStatuses(7), removalStatuses(7), "same seed, same answers");
        List<Integer> mix = removalStatuses(7);
        assertTrue(mix.contains(400) && mix.contains(404), "the realistic profile answers both: " + mix);
    }

    private static List<Integer> removalStatuses(long seed) throws Exception {
        try (FakeGraphTenant fake = start(Hostility.realistic(seed))) {
            FakeGroup team = fake.directory().addGroup("Team");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                statuses.add(assertThrows(ODataError.class, () -> graph.groups().byGroupId(team.id()).members()
                        .byDirectoryObjectId(ann.id()).ref().delete()).getResponseStatusCode());
            }
            return statuses;
        }
    }

    @Test
    void theStrictSettingRefusesGroupMemberReadWriteAllForThePatchBindButNotForRef() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.builder().strictBindPermission(true).build())) {
            FakeGroup team = fake.directory().addGroup("Team");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            FakeUser bob = fake.directory().addUser("bob@contoso.com");
            GraphServiceClient members = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
            ODataError e = assertThrows(ODataError.class, () -> members.groups().byGroupId(team.id())
                    .patch(MembersTest.bind(List.of(ann.id()))));
            assertEquals(403, e.getResponseStatusCode());
            assertEquals("Authorization_RequestDenied", e.getError().getCode());
            members.groups().byGroupId(team.id()).members().ref().post(MembersTest.ref(ann.id()));
            Sdk.graph(fake, Sdk.app(fake, "Group.ReadWrite.All")).groups().byGroupId(team.id())
                    .patch(MembersTest.bind(List.of(bob.id())));
            assertEquals(2, fake.directory().memberIds(team.id()).size());
            // the default accepts GroupMember.ReadWrite.All for the bind, as before
            fake.hostility(Hostility.DEFAULT);
            FakeUser cy = fake.directory().addUser("cy@contoso.com");
            members.groups().byGroupId(team.id()).patch(MembersTest.bind(List.of(cy.id())));
            assertEquals(3, fake.directory().memberIds(team.id()).size());
        }
    }

    @Test
    void aBindCostsOneWritePerConfiguredNumberOfMembers() throws Exception {
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .writeQuota(WriteQuota.of(10, Duration.ofSeconds(60)))
                .hostility(Hostility.builder().membersPerWrite(3).build()).start()) {
            FakeApp app = Sdk.app(fake, "GroupMember.ReadWrite.All");
            GraphServiceClient graph = Sdk.graph(fake, app);
            FakeGroup a = fake.directory().addGroup("A");
            graph.groups().byGroupId(a.id()).patch(MembersTest.bind(users(fake, "a", 20)));   // 7 writes
            // the SDK's retry handler would wait out the 429 in real time: send this one raw
            Http http = new Http(fake);
            Http.Resp r = http.graph("PATCH", "/groups/" + a.id(), http.accessToken(app),
                    bindJson(users(fake, "b", 10)));                                          // 4 more: over 10
            assertEquals(429, r.status());
            assertNotNull(r.header("Retry-After"));
            graph.groups().byGroupId(a.id()).members().ref().post(MembersTest.ref(users(fake, "c", 1).get(0)));
            assertEquals(21, fake.directory().memberIds(a.id()).size(), "a $ref still costs one write");
        }
        try (FakeGraphTenant fake = FakeGraphTenant.builder().virtualTime()
                .writeQuota(WriteQuota.of(2, Duration.ofSeconds(60))).start()) {
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "GroupMember.ReadWrite.All"));
            FakeGroup a = fake.directory().addGroup("A");
            graph.groups().byGroupId(a.id()).patch(MembersTest.bind(users(fake, "a", 20)));
            graph.groups().byGroupId(a.id()).patch(MembersTest.bind(users(fake, "b", 20)));
            assertFalse(fake.directory().memberIds(a.id()).isEmpty());
            assertEquals(40, fake.directory().memberIds(a.id()).size(), "by default a bind is one write");
        }
    }

    private static String bindJson(List<String> ids) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        ids.forEach(id -> a.add("https://graph.microsoft.com/v1.0/directoryObjects/" + id));
        o.add("members@odata.bind", a);
        return o.toString();
    }

    private static List<String> users(FakeGraphTenant fake, String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(fake.directory().addUser(prefix + i + "@contoso.com").id());
        }
        return ids;
    }
}
