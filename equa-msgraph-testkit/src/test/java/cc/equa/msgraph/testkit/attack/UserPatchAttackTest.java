package cc.equa.msgraph.testkit.attack;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeUser;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PATCH /users/{id} as a third-party connector sends it (Graph SDK 6 and raw JSON, Microsoft's URLs, routed to the
 * standalone fake). Source for the rules: https://learn.microsoft.com/en-us/graph/api/user-update?view=graph-rest-1.0
 * and the property limits on https://learn.microsoft.com/en-us/graph/api/resources/user?view=graph-rest-1.0.
 */
class UserPatchAttackTest {
    private static Routed routed;
    private static FakeApp writer;
    private static GraphServiceClient graph;
    private static String token;
    private FakeUser ann;

    @BeforeAll
    static void start() throws Exception {
        routed = Routed.start();
        writer = routed.app("User.ReadWrite.All", "Group.Read.All");
        graph = routed.graph(writer);
        token = routed.token(writer);
    }

    @AfterAll
    static void stop() {
        routed.close();
    }

    @BeforeEach
    void seed() {
        routed.fake.directory().reset();
        ann = routed.fake.directory().addUser(FakeUser.builder().mail("ann@contoso.com").displayName("Ann")
                .otherMails("ann@old.example").build());
    }

    private Routed.Resp patch(String json) throws Exception {
        return routed.call("PATCH", "/users/" + ann.id(), token, json);
    }

    /** Each body must be refused with 400; every case is checked (assertAll), so the report names each one. */
    private void allRefused(List<String> bodies) {
        List<Executable> checks = new ArrayList<>();
        for (String json : bodies) {
            checks.add(() -> {
                Routed.Resp r = patch(json);
                String shown = json.length() > 60 ? json.substring(0, 60) + "...(" + json.length() + " chars)" : json;
                assertEquals(400, r.status(), shown + " -> " + r.status() + " " + r.body());
            });
        }
        assertAll(checks);
    }

    private static List<String> idsWhere(String filter) {
        return graph.users().get(rc -> rc.queryParameters.filter = filter).getValue().stream()
                .map(User::getId).toList();
    }

    /** A changed otherMails must be what a $filter lookup sees at once (the fake has no read lag by default). */
    @Test
    void changedOtherMailsShowInFilterLookupsAtOnce() {
        User p = new User();
        p.setOtherMails(List.of("ann@new.example"));
        graph.users().byUserId(ann.id()).patch(p);
        assertEquals(List.of(ann.id()), idsWhere("otherMails/any(x:x eq 'ann@new.example')"));
        assertEquals(List.of(), idsWhere("otherMails/any(x:x eq 'ann@old.example')"));
        assertEquals(List.of(ann.id()), idsWhere("otherMails/any(x:startswith(x,'ann@new'))"));
    }

    /** A changed displayName shows in startswith filters and the new value is read back. */
    @Test
    void changedDisplayNameShowsInFiltersAtOnce() {
        User p = new User();
        p.setDisplayName("Zelda");
        graph.users().byUserId(ann.id()).patch(p);
        assertEquals(List.of(ann.id()), idsWhere("startswith(displayName,'Zel')"));
        assertEquals(List.of(), idsWhere("startswith(displayName,'Ann')"));
        assertEquals("Zelda", graph.users().byUserId(ann.id()).get().getDisplayName());
    }

    /** The user-update page lists mail as writable ("Changes to this property also update proxyAddresses"). */
    @Test
    void mailIsWritableAndItsFilterFollows() {
        User p = new User();
        p.setMail("ann.smith@contoso.com");
        graph.users().byUserId(ann.id()).patch(p);
        assertEquals(List.of(ann.id()), idsWhere("mail eq 'ann.smith@contoso.com'"));
        assertEquals(List.of(), idsWhere("mail eq 'ann@contoso.com'"));
    }

    /** The user-update page lists userPrincipalName as writable (domain must be verified in the tenant). */
    @Test
    void userPrincipalNameIsWritableAndTheUserIsAddressableByIt() {
        User p = new User();
        p.setUserPrincipalName("ann.smith@" + Routed.DOMAIN);
        graph.users().byUserId(ann.id()).patch(p);
        assertEquals(ann.id(), graph.users().byUserId("ann.smith@" + Routed.DOMAIN).get().getId());
    }

    /** Graph: "displayName ... cannot be cleared during updates" (user resource); null → 400. */
    @Test
    void displayNameCannotBeCleared() throws Exception {
        Routed.Resp r = patch("{\"displayName\":null}");
        assertEquals(400, r.status(), r.toString());
        assertEquals("Ann", routed.fake.directory().user(ann.id()).orElseThrow().displayName());
    }

    /** Optional string properties are cleared by null: 204 and read back as null. */
    @Test
    void jobTitleIsClearedByNull() throws Exception {
        assertEquals(204, patch("{\"jobTitle\":\"Treasurer\"}").status());
        Routed.Resp r = patch("{\"jobTitle\":null}");
        assertEquals(204, r.status(), r.toString());
        assertNull(graph.users().byUserId(ann.id()).get(rc -> rc.queryParameters.select = new String[] {"jobTitle"})
                .getJobTitle());
    }

    /** user resource: displayName max length 256; jobTitle 128; department 64; companyName 64; employeeId 16. */
    @Test
    void overlongStringsAreRefused() throws Exception {
        allRefused(List.of("{\"displayName\":\"" + "x".repeat(257) + "\"}",
                "{\"jobTitle\":\"" + "x".repeat(129) + "\"}",
                "{\"department\":\"" + "x".repeat(65) + "\"}",
                "{\"companyName\":\"" + "x".repeat(65) + "\"}",
                "{\"employeeId\":\"" + "x".repeat(17) + "\"}",
                "{\"givenName\":\"" + "x".repeat(65) + "\"}",
                "{\"mailNickname\":\"" + "x".repeat(65) + "\"}"));
    }

    /** Huge bodies (1 MB displayName) are refused, not stored. */
    @Test
    void hugeStringIsRefused() throws Exception {
        allRefused(List.of("{\"displayName\":\"" + "y".repeat(1_000_000) + "\"}"));
        assertEquals("Ann", routed.fake.directory().user(ann.id()).orElseThrow().displayName());
    }

    /** usageLocation is "A two-letter country code (ISO standard 3166)"; businessPhones "Only one number can be set". */
    @Test
    void usageLocationAndBusinessPhonesAreValidated() throws Exception {
        allRefused(List.of("{\"usageLocation\":\"XYZ\"}", "{\"businessPhones\":[\"+41 1\",\"+41 2\"]}"));
    }

    /** otherMails are SMTP addresses; mailNickname may not contain spaces or @ (user resource). */
    @Test
    void otherMailsAndMailNicknameAreValidated() throws Exception {
        allRefused(List.of("{\"otherMails\":[\"not an address\"]}", "{\"mailNickname\":\"ann smith@x\"}"));
    }

    /** OData property names are case-sensitive: "DisplayName" is not a property of microsoft.graph.user. */
    @Test
    void propertyNamesAreCaseSensitive() throws Exception {
        allRefused(List.of("{\"DisplayName\":\"Bob\"}", "{\"JOBTITLE\":\"x\"}"));
        assertEquals("Ann", routed.fake.directory().user(ann.id()).orElseThrow().displayName());
    }

    /** A string where Edm.Boolean is expected is an OData type error: 400, nothing changed. */
    @Test
    void wrongTypesAreRefused() throws Exception {
        allRefused(List.of("{\"accountEnabled\":\"false\"}", "{\"otherMails\":\"a@b.example\"}",
                "{\"displayName\":42}", "{\"businessPhones\":\"+41 1\"}"));
        assertTrue(routed.fake.directory().user(ann.id()).orElseThrow().accountEnabled());
    }

    /** Read-only properties refused as Graph refuses them. */
    @Test
    void readOnlyPropertiesAreRefused() throws Exception {
        allRefused(List.of("{\"id\":\"" + UUID.randomUUID() + "\"}",
                "{\"createdDateTime\":\"2020-01-01T00:00:00Z\"}",
                "{\"proxyAddresses\":[\"SMTP:x@contoso.com\"]}"));
    }

    /** A user that does not exist: 404 Request_ResourceNotFound, parsed by the SDK as ODataError. */
    @Test
    void unknownUserIs404ThroughTheSdk() {
        User p = new User();
        p.setJobTitle("x");
        ODataError e = assertThrows(ODataError.class,
                () -> graph.users().byUserId(UUID.randomUUID().toString()).patch(p));
        assertEquals(404, e.getResponseStatusCode());
        assertEquals("Request_ResourceNotFound", e.getError().getCode());
    }

    /** PATCH by UPN key works as by id (HTTP request: PATCH /users/{id | userPrincipalName}). */
    @Test
    void patchByUserPrincipalName() {
        User p = new User();
        p.setJobTitle("Treasurer");
        graph.users().byUserId(ann.userPrincipalName()).patch(p);
        assertEquals("Treasurer", graph.users().byUserId(ann.id())
                .get(rc -> rc.queryParameters.select = new String[] {"jobTitle"}).getJobTitle());
    }

    /** User.Read.All cannot write: 403 Authorization_RequestDenied through the SDK. */
    @Test
    void readOnlyRoleIsRefused() {
        GraphServiceClient reader = routed.graph(routed.app("User.Read.All"));
        User p = new User();
        p.setJobTitle("x");
        ODataError e = assertThrows(ODataError.class, () -> reader.users().byUserId(ann.id()).patch(p));
        assertEquals(403, e.getResponseStatusCode());
        assertEquals("Authorization_RequestDenied", e.getError().getCode());
    }

    /**
     * The user-update page's least-privileged application permissions: User.EnableDisableAccount.All + User.Read.All
     * for accountEnabled, User-Mail.ReadWrite.All for otherMails ("Permissions for specific scenarios"). A connector
     * following least privilege is refused by the fake (403).
     */
    @Test
    void leastPrivilegedPermissionsOfTheUpdatePageAreAccepted() {
        User disable = new User();
        disable.setAccountEnabled(false);
        User mails = new User();
        mails.setOtherMails(List.of("ann@other.example"));
        assertAll(
                () -> routed.graph(routed.app("User.EnableDisableAccount.All", "User.Read.All")).users()
                        .byUserId(ann.id()).patch(disable),
                () -> routed.graph(routed.app("User-Mail.ReadWrite.All")).users().byUserId(ann.id()).patch(mails));
        FakeUser now = routed.fake.directory().user(ann.id()).orElseThrow();
        assertEquals(false, now.accountEnabled());
        assertEquals(List.of("ann@other.example"), now.otherMails());
    }

    /** After PATCH accountEnabled=false, $filter=accountEnabled eq false (a default-query filter) finds the user. */
    @Test
    void disabledUserIsFoundByAccountEnabledFilterAtOnce() {
        User p = new User();
        p.setAccountEnabled(false);
        graph.users().byUserId(ann.id()).patch(p);
        assertEquals(List.of(ann.id()), idsWhere("accountEnabled eq false"));
        assertEquals(List.of(), idsWhere("accountEnabled eq true"));
    }

    /** After PATCH displayName, $search (ConsistencyLevel: eventual) finds the new name. */
    @Test
    void patchedDisplayNameIsFoundBySearch() {
        User p = new User();
        p.setDisplayName("Quentin Example");
        graph.users().byUserId(ann.id()).patch(p);
        var found = graph.users().get(rc -> {
            rc.queryParameters.search = "\"displayName:Quentin\"";
            rc.headers.add("ConsistencyLevel", "eventual");
        }).getValue().stream().map(User::getId).toList();
        assertEquals(List.of(ann.id()), found);
    }

    /** /users/{id} with a group's id is no user: 404, nothing changed on the group. */
    @Test
    void patchingAGroupThroughUsersIs404() throws Exception {
        String group = routed.fake.directory().addGroup("Board").id();
        Routed.Resp r = routed.call("PATCH", "/users/" + group, token, "{\"displayName\":\"Hacked\"}");
        assertEquals(404, r.status(), r.toString());
        assertEquals("Request_ResourceNotFound", r.errorCode());
        assertEquals("Board", routed.fake.directory().group(group).orElseThrow().displayName());
    }

    /** An empty PATCH body changes nothing and is accepted. */
    @Test
    void emptyPatchIs204() throws Exception {
        assertEquals(204, patch("{}").status());
    }

    /** A body that is not JSON: 400 in Graph's error envelope (the SDK can parse it). */
    @Test
    void malformedJsonIs400InGraphsEnvelope() throws Exception {
        Routed.Resp r = patch("{\"displayName\": ");
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.json().getAsJsonObject().getAsJsonObject("error").has("code"), r.body());
    }
}
