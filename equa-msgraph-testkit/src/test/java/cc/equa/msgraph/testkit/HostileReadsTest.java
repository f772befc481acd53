package cc.equa.msgraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.groups.delta.DeltaGetResponse;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items 5, 6 and 9 of issue 14 at the fake level: read-after-write lag, delta realism, OData details. */
class HostileReadsTest {

    private static FakeGraphTenant start(Hostility h) {
        return FakeGraphTenant.builder().virtualTime().hostility(h).start();
    }

    private static List<String> memberIds(GraphServiceClient graph, String groupId) {
        return graph.groups().byGroupId(groupId).members().get().getValue().stream().map(DirectoryObject::getId)
                .toList();
    }

    @Test
    void membershipWritesReachListsCountAndDeltaOnlyAfterTheReadLag() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.builder().readLag(Duration.ofSeconds(5)).build())) {
            FakeGroup team = fake.directory().addGroup("Team");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            FakeUser bob = fake.directory().addUser("bob@contoso.com");
            fake.directory().addMembers(team.id(), bob.id());
            FakeApp app = Sdk.app(fake, "GroupMember.ReadWrite.All", "User.Read.All");
            GraphServiceClient graph = Sdk.graph(fake, app);
            DeltaGetResponse first = GroupDeltaTest.start(graph, team.id(), false);

            graph.groups().byGroupId(team.id()).members().ref().post(MembersTest.ref(ann.id()));
            graph.groups().byGroupId(team.id()).members().byDirectoryObjectId(bob.id()).ref().delete();
            assertEquals(List.of(bob.id()), memberIds(graph, team.id()), "reads still see the old membership");
            Http http = new Http(fake);
            String token = http.accessToken(app);
            assertEquals("1", http.get("/groups/" + team.id() + "/members/$count", token, "ConsistencyLevel",
                    "eventual").body());
            DeltaGetResponse early = graph.groups().delta().withUrl(first.getOdataDeltaLink()).get();
            assertEquals(List.of(), early.getValue(), "delta has not seen the changes yet");
            // writes see the truth: adding ann again is already a duplicate
            ODataError dup = assertThrows(ODataError.class, () -> graph.groups().byGroupId(team.id()).members().ref()
                    .post(MembersTest.ref(ann.id())));
            assertEquals(400, dup.getResponseStatusCode());

            fake.advanceTime(Duration.ofSeconds(6));
            assertEquals(List.of(ann.id()), memberIds(graph, team.id()));
            DeltaGetResponse late = graph.groups().delta().withUrl(early.getOdataDeltaLink()).get();
            List<String> changes = GroupDeltaTest.delta(late.getValue().get(0), "members@delta");
            assertTrue(changes.contains(ann.id()) && changes.contains("-" + bob.id()), changes.toString());
        }
    }

    @Test
    void aNewGroupStaysInvisibleForASeededWindowWithinTheBound() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.builder().newGroupInvisibleUpTo(Duration.ofSeconds(60)).build())) {
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Group.ReadWrite.All"));
            Group spec = new Group();
            spec.setDisplayName("Fresh");
            spec.setMailNickname("fresh");
            spec.setMailEnabled(true);
            spec.setSecurityEnabled(false);
            spec.setGroupTypes(List.of("Unified"));
            String id = graph.groups().post(spec).getId();
            ODataError e = assertThrows(ODataError.class, () -> graph.groups().byGroupId(id).get());
            assertEquals(404, e.getResponseStatusCode());
            assertFalse(graph.groups().get().getValue().stream().anyMatch(g -> g.getId().equals(id)));
            fake.advanceTime(Duration.ofSeconds(61));
            assertEquals("Fresh", graph.groups().byGroupId(id).get().getDisplayName());
        }
    }

    @Test
    void anExpiredDeltaLinkAnswers410WithALocationToStartOverOr400AsConfigured() throws Exception {
        Hostility gone = Hostility.builder().deltaLinkLifetime(Duration.ofHours(1)).expiredDeltaAsGone(1).build();
        try (FakeGraphTenant fake = start(gone)) {
            FakeGroup team = fake.directory().addGroup("Team");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            fake.directory().addMembers(team.id(), ann.id());
            FakeApp app = Sdk.app(fake, "GroupMember.Read.All");
            GraphServiceClient graph = Sdk.graph(fake, app);
            String link = GroupDeltaTest.start(graph, team.id(), false).getOdataDeltaLink();
            fake.advanceTime(Duration.ofMinutes(59));
            String next = graph.groups().delta().withUrl(link).get().getOdataDeltaLink();
            fake.advanceTime(Duration.ofMinutes(61));
            Http http = new Http(fake);
            String token = http.accessToken(app);
            Http.Resp r = http.get(next.substring(next.indexOf("/v1.0") + 5), token);
            assertEquals(410, r.status());
            String location = r.header("Location");
            assertTrue(location.contains("/v1.0/groups/delta?"), location);
            // the Location is the initial query: following it is a full round with the whole membership
            DeltaGetResponse again = graph.groups().delta().withUrl(location).get();
            assertEquals(List.of(ann.id()), GroupDeltaTest.delta(again.getValue().get(0), "members@delta"));

            fake.hostility(Hostility.builder().deltaLinkLifetime(Duration.ofHours(1)).build());
            fake.advanceTime(Duration.ofHours(2));
            ODataError e = assertThrows(ODataError.class, () -> graph.groups().delta()
                    .withUrl(again.getOdataDeltaLink()).get());
            assertEquals(400, e.getResponseStatusCode());
            assertEquals("syncStateNotFound", e.getError().getCode());
        }
    }

    @Test
    void countWithoutConsistencyLevelIsRefusedByDefaultAndSilentlyIgnoredWhenRealistic() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.DEFAULT)) {
            fake.directory().addUser("ann@contoso.com");
            FakeApp app = Sdk.app(fake, "User.Read.All");
            Http http = new Http(fake);
            String token = http.accessToken(app);
            assertEquals(400, http.get("/users?$count=true", token).status());
            fake.hostility(Hostility.builder().countWithoutHeaderIgnored(true).build());
            UserCollectionResponse users = Sdk.graph(fake, app).users().get(rc -> rc.queryParameters.count = true);
            assertEquals(1, users.getValue().size());
            assertNull(users.getOdataCount(), "no @odata.count without the header");
            Http.Resp counted = http.get("/users?$count=true", token, "ConsistencyLevel", "eventual");
            assertEquals(1, counted.json().get("@odata.count").getAsInt());
        }
    }

    @Test
    void theCountSegmentsAnswerTextPlainWithTheHeaderAnd400Without() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.DEFAULT)) {
            FakeGroup team = fake.directory().addGroup("Team");
            fake.directory().addGroup("Other");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            fake.directory().addUser("bob@contoso.com");
            fake.directory().addMembers(team.id(), ann.id());
            FakeApp app = Sdk.app(fake, "Group.Read.All", "User.Read.All");
            Http http = new Http(fake);
            String token = http.accessToken(app);
            for (String[] c : new String[][] {{"/groups/$count", "2"}, {"/users/$count", "2"},
                    {"/groups/" + team.id() + "/members/$count", "1"},
                    {"/users/$count?$filter=" + Http.enc("mail eq 'ann@contoso.com'"), "1"}}) {
                Http.Resp ok = http.get(c[0], token, "ConsistencyLevel", "eventual");
                assertEquals(200, ok.status(), c[0]);
                assertTrue(ok.header("Content-Type").startsWith("text/plain"), ok.header("Content-Type"));
                assertEquals(c[1], ok.body(), c[0]);
                Http.Resp bad = http.get(c[0], token);
                assertEquals(400, bad.status(), c[0]);
                assertEquals("Request_BadRequest", bad.errorCode());
            }
            Integer viaSdk = Sdk.graph(fake, app).users().count().get(rc -> rc.headers.add("ConsistencyLevel",
                    "eventual"));
            assertEquals(2, viaSdk);
        }
    }

    @Test
    void servicePrincipalsAreLeftOutOfMembersWhenRealistic() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.DEFAULT)) {
            FakeGroup team = fake.directory().addGroup("Team");
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            FakeDirectoryObject robot = fake.directory().addServicePrincipal("Robot");
            fake.directory().addMembers(team.id(), ann.id(), robot.id());
            GraphServiceClient graph = Sdk.graph(fake, Sdk.app(fake, "Directory.Read.All"));
            assertEquals(2, memberIds(graph, team.id()).size(), "the default lists them, as the fake always did");
            fake.hostility(Hostility.builder().membersHideServicePrincipals(true).build());
            assertEquals(List.of(ann.id()), memberIds(graph, team.id()));
            assertEquals(List.of(), graph.groups().byGroupId(team.id()).members().graphServicePrincipal().get()
                    .getValue().stream().map(DirectoryObject::getId).toList());
        }
    }

    @Test
    void theOrLimitCountsEveryClauseOfTheFilterWhenRealistic() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.DEFAULT)) {
            FakeApp app = Sdk.app(fake, "User.Read.All");
            Http http = new Http(fake);
            String token = http.accessToken(app);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                values.add("'u" + i + "@contoso.com'");
            }
            String in = String.join(",", values);
            String sixteen = "mail in (" + in + ") or userPrincipalName in (" + in + ")";
            String fifteen = "mail in (" + in + ") or userPrincipalName in (" + in.substring(in.indexOf(',') + 1)
                    + ")";
            assertEquals(200, http.get("/users?$filter=" + Http.enc(sixteen), token).status());
            fake.hostility(Hostility.builder().orLimitCountsAllClauses(true).build());
            Http.Resp r = http.get("/users?$filter=" + Http.enc(sixteen), token);
            assertEquals(400, r.status());
            assertEquals("Request_UnsupportedQuery", r.errorCode());
            assertTrue(r.body().contains("Too many child clauses") && r.body().contains(": 16. Max allowed: 15"),
                    r.body());
            assertEquals(200, http.get("/users?$filter=" + Http.enc(fifteen), token).status());
            StringBuilder ors = new StringBuilder("otherMails/any(x:x eq 'a@b.c')");
            for (int i = 0; i < 15; i++) {
                ors.append(" or otherMails/any(x:x eq 'or").append(i).append("@b.c')");
            }
            assertEquals(400, http.get("/users?$filter=" + Http.enc(ors.toString()), token).status());
        }
    }

    private static List<String> found(GraphServiceClient graph, String filter) {
        UserCollectionResponse r = graph.users().get(rc -> rc.queryParameters.filter = filter);
        return r.getValue().stream().map(com.microsoft.graph.models.User::getId).toList();
    }

    @Test
    void userLookupsAndReadsSeeAPatchedUserAsItWasUntilTheReadLagHasPassed() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.builder().readLag(Duration.ofSeconds(5)).build())) {
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            GraphServiceClient writer = Sdk.graph(fake, Sdk.app(fake, "User.ReadWrite.All"));
            GraphServiceClient reader = Sdk.graph(fake, Sdk.app(fake, "User.Read.All"));
            com.microsoft.graph.models.User patch = new com.microsoft.graph.models.User();
            patch.setOtherMails(List.of("ann@home.example"));
            patch.setDisplayName("Ann Smith");
            writer.users().byUserId(ann.id()).patch(patch);

            assertEquals(List.of(), found(reader, "otherMails/any(x:x eq 'ann@home.example')"),
                    "the new alias is not found yet");
            assertEquals("ann", reader.users().byUserId(ann.id()).get().getDisplayName().toLowerCase(),
                    "a read by id still shows the old name");
            fake.advanceTime(Duration.ofSeconds(3));
            com.microsoft.graph.models.User second = new com.microsoft.graph.models.User();
            second.setOtherMails(List.of("ann@elsewhere.example"));
            writer.users().byUserId(ann.id()).patch(second);
            fake.advanceTime(Duration.ofSeconds(3));
            assertEquals(List.of(), found(reader, "otherMails/any(x:x eq 'ann@elsewhere.example')"),
                    "a second change inside the lag extends it");
            assertEquals(List.of(ann.id()), found(reader, "mail eq 'ann@contoso.com'"), "unchanged values match");

            fake.advanceTime(Duration.ofSeconds(3));
            assertEquals(List.of(ann.id()), found(reader, "otherMails/any(x:x eq 'ann@elsewhere.example')"));
            assertEquals(List.of(), found(reader, "otherMails/any(x:x eq 'ann@home.example')"));
            assertEquals("Ann Smith", reader.users().byUserId(ann.id()).get().getDisplayName());
        }
    }

    @Test
    void withoutALagAPatchedUserIsFoundAtOnce() throws Exception {
        try (FakeGraphTenant fake = start(Hostility.builder().build())) {
            FakeUser ann = fake.directory().addUser("ann@contoso.com");
            GraphServiceClient writer = Sdk.graph(fake, Sdk.app(fake, "User.ReadWrite.All"));
            com.microsoft.graph.models.User patch = new com.microsoft.graph.models.User();
            patch.setOtherMails(List.of("ann@home.example"));
            writer.users().byUserId(ann.id()).patch(patch);
            assertEquals(List.of(ann.id()), found(writer, "otherMails/any(x:x eq 'ann@home.example')"));
        }
    }
}
