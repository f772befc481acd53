package cc.equa.msgraph.it.attack16;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ConnectionLimit;
import cc.equa.msgraph.ConnectionReport;
import cc.equa.msgraph.ConnectionVerdict;
import cc.equa.msgraph.GroupPage;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.MicrosoftIntegration;
import cc.equa.msgraph.OrganizationIntegration;
import cc.equa.msgraph.PermissionDeniedException;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.testkit.AppRegistration;
import cc.equa.msgraph.testkit.FakeApp;
import cc.equa.msgraph.testkit.FakeGraphTenant;
import cc.equa.msgraph.testkit.InMemorySettingsStore;
import cc.equa.msgraph.testkit.RecordingAuditSink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Independent attacks on issue 16 through the public API only. */
class Attack16Test {

    private FakeGraphTenant fake;
    private InMemorySettingsStore store;
    private MicrosoftIntegration microsoft;
    private OrganizationIntegration acme;

    @BeforeEach
    void start() {
        fake = FakeGraphTenant.builder().virtualTime().start();
        store = new InMemorySettingsStore();
        microsoft = MicrosoftIntegration.builder().settings(store).audit(new RecordingAuditSink()).cloud(fake.cloud())
                .trustCertificates(List.of(fake.caCertificate())).clock(fake.clock()).sleeper(fake.sleeper())
                .build();
        acme = microsoft.organization(OrganizationId.of("acme"));
    }

    @AfterEach
    void stop() {
        microsoft.close();
        fake.close();
    }

    private ClientSecretCredentials creds(String... roles) {
        FakeApp app = fake.registerApp(AppRegistration.builder().roles(roles).build());
        return ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret());
    }

    private static List<ConnectionLimit.Kind> kinds(ConnectionReport r) {
        return r.limits().stream().map(ConnectionLimit::kind).toList();
    }

    @Test
    void directoryReadAllOnlyIsLimitedNotPassedAndSaved() {
        fake.directory().addGroup("Board");
        ConnectionReport r = acme.connect(creds("Directory.Read.All"));
        assertEquals(ConnectionVerdict.PASSED_WITH_LIMITS, r.verdict(), r.render());
        assertTrue(kinds(r).contains(ConnectionLimit.Kind.CANNOT_MANAGE_MEMBERSHIP), r.render());
        assertTrue(kinds(r).contains(ConnectionLimit.Kind.CANNOT_CREATE_GROUPS), r.render());
        assertTrue(r.saved(), r.render());
        assertTrue(store.load(OrganizationId.of("acme")).isPresent());
    }

    @Test
    void memberWriteWithoutGroupCreateIsLimitedOnlyByCreate() {
        fake.directory().addGroup("Board");
        ConnectionReport r = acme.connect(creds("GroupMember.ReadWrite.All", "User.Read.All"));
        assertEquals(ConnectionVerdict.PASSED_WITH_LIMITS, r.verdict(), r.render());
        assertEquals(List.of(ConnectionLimit.Kind.CANNOT_CREATE_GROUPS), kinds(r), r.render());
        assertEquals("Group.Create", r.limits().get(0).permission());
        assertTrue(r.saved());
    }

    @Test
    void noRolesAtAllFailsAndIsNotSaved() {
        fake.directory().addGroup("Board");
        ConnectionReport r = acme.connect(creds());
        assertEquals(ConnectionVerdict.FAILED, r.verdict(), r.render());
        assertFalse(r.passed());
        assertFalse(r.saved(), r.render());
    }

    @Test
    void directoryReadAllOnlyApplyThrowsPermissionDeniedAfterAtMostOneWrite() {
        String groupId = fake.directory().addGroup("Board").id();
        fake.directory().addUser("ann@acme.test");
        fake.directory().addUser("bob@acme.test");
        assertTrue(acme.connect(creds("Directory.Read.All")).saved());
        acme.linkGroup(groupId);
        SyncPlan plan = acme.planAddMembers(List.of("ann@acme.test", "bob@acme.test"));
        assertEquals(2, plan.additions().size(), plan.render());
        fake.journal().clear();
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> acme.applySync(plan));
        assertTrue(e.permissions().contains("GroupMember.ReadWrite.All"), e.permissions().toString());
        assertTrue(fake.journal().writes().size() <= 1, fake.journal().writes().toString());
    }

    @Test
    void pageSizeOutOfRangeIsRefusedBeforeAnyRequest() {
        fake.directory().addGroup("Board");
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        fake.journal().clear();
        for (int n : new int[] {0, -1, 1000, Integer.MIN_VALUE}) {
            assertThrows(InvalidInputException.class, () -> acme.groups(GroupQuery.all().pageSize(n)), "size " + n);
        }
        assertEquals(0, fake.journal().calls().size(), fake.journal().calls().toString());
    }

    @Test
    void pageTokenWithAnotherSizeIsRefusedAndWithItsOwnSizeAccepted() {
        for (int i = 0; i < 5; i++) {
            fake.directory().addGroup("G" + i);
        }
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        GroupPage first = acme.groups(GroupQuery.all().pageSize(2));
        String token = first.nextPageTokenIfAny().orElseThrow();
        fake.journal().clear();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> acme.groups(GroupQuery.page(token).pageSize(3)));
        assertEquals(0, fake.journal().calls().size());
        assertFalse(e.getMessage().contains(token), "token echoed in message");
        assertEquals(2, acme.groups(GroupQuery.page(token).pageSize(2)).groups().size());
        assertThrows(InvalidInputException.class, () -> acme.groups(GroupQuery.page(token).pageSize(0)));
    }

    @Test
    void pageTokenFromAnotherOrganizationIsNotHonoured() {
        for (int i = 0; i < 5; i++) {
            fake.directory().addGroup("G" + i);
        }
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        OrganizationIntegration beta = microsoft.organization(OrganizationId.of("beta"));
        assertTrue(beta.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        String token = acme.groups(GroupQuery.all().pageSize(2)).nextPageTokenIfAny().orElseThrow();
        fake.journal().clear();
        assertThrows(InvalidInputException.class, () -> beta.groups(GroupQuery.page(token)));
        assertEquals(0, fake.journal().calls().size());
    }

    @Test
    void garbagePageTokensAreInvalidInputBeforeAnyRequest() {
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        fake.journal().clear();
        for (String t : new String[] {"", " ", "https://evil.example/v1.0/groups", "x".repeat(100_000), "\u0000"}) {
            assertThrows(InvalidInputException.class, () -> acme.groups(GroupQuery.page(t)), "token " + t.length());
        }
        assertEquals(0, fake.journal().calls().size(), fake.journal().calls().toString());
    }

    @Test
    void unlinkWhileDisconnectedWorksAndSendsNothing() {
        String groupId = fake.directory().addGroup("Board").id();
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        acme.linkGroup(groupId);
        acme.disconnect();
        fake.journal().clear();
        assertTrue(acme.unlinkGroup());
        assertFalse(acme.unlinkGroup());
        assertEquals(0, fake.journal().calls().size());
    }

    @Test
    void unlinkOnUnknownOrganizationIsFalse() {
        fake.journal().clear();
        assertFalse(microsoft.organization(OrganizationId.of("never")).unlinkGroup());
        assertEquals(0, fake.journal().calls().size());
    }

    /** README troubleshooting: "none [no write] when the token's roles show it". */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Directory.Read.All", "Group.Read.All User.Read.All",
        "GroupMember.Read.All User.Read.All", "Group.Create Group.Read.All User.Read.All"})
    void noWriteAtAllWhenTheTokensRolesShowTheLack(String roles) {
        String groupId = fake.directory().addGroup("Board").id();
        String ann = fake.directory().addUser("ann@acme.test").id();
        fake.directory().addUser("bob@acme.test");
        fake.directory().addMembers(groupId, ann);
        assertTrue(acme.connect(creds(roles.split(" "))).saved());
        acme.linkGroup(groupId);
        SyncPlan add = acme.planAddMembers(List.of("bob@acme.test"));
        SyncPlan remove = acme.planRemoveMembers(List.of("ann@acme.test"));
        fake.journal().clear();
        for (SyncPlan plan : List.of(add, remove)) {
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> acme.applySync(plan));
            assertTrue(e.getMessage().contains("GroupMember.ReadWrite.All"), e.getMessage());
        }
        assertEquals(List.of(), fake.journal().writes(), "roles show the lack, yet writes were sent");
        assertEquals(List.of(ann), fake.directory().memberIds(groupId));
    }

    /** Directory.ReadWrite.All may add and remove members (higher-privileged in Graph's tables): apply must work. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Directory.ReadWrite.All",
        "Group.ReadWrite.All User.Read.All", "GroupMember.ReadWrite.All User.ReadBasic.All"})
    void higherPrivilegedWriteRolesApply(String roles) {
        String groupId = fake.directory().addGroup("Board").id();
        String ann = fake.directory().addUser("ann@acme.test").id();
        String bob = fake.directory().addUser("bob@acme.test").id();
        fake.directory().addMembers(groupId, ann);
        assertTrue(acme.connect(creds(roles.split(" "))).saved());
        acme.linkGroup(groupId);
        cc.equa.msgraph.SyncResult r1 = acme.applySync(acme.planAddMembers(List.of("bob@acme.test")));
        assertEquals(1, r1.applied(), r1.render());
        cc.equa.msgraph.SyncResult r2 = acme.applySync(acme.planRemoveMembers(List.of("ann@acme.test")));
        assertEquals(1, r2.applied(), r2.render());
        assertEquals(List.of(bob), fake.directory().memberIds(groupId));
    }

    @Test
    void noAdminConsentFailsAndIsNotSaved() {
        fake.directory().addGroup("Board");
        FakeApp app = fake.registerApp(AppRegistration.builder()
                .roles("GroupMember.ReadWrite.All", "Group.Read.All", "User.Read.All").adminConsent(false).build());
        ConnectionReport r = acme.connect(ClientSecretCredentials.of(app.tenantId(), app.clientId(), app.clientSecret()));
        assertEquals(ConnectionVerdict.FAILED, r.verdict(), r.render());
        assertFalse(r.saved());
        assertEquals(List.of(), r.limits());
        assertTrue(String.join(" ", r.messages()).toLowerCase(java.util.Locale.ROOT).contains("consent"), r.render());
    }


    @Test
    void blankSearchAndPrefixAreRefusedBeforeAnyRequest() {
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        fake.journal().clear();
        assertThrows(InvalidInputException.class, () -> acme.groups(GroupQuery.search("  ")));
        assertThrows(InvalidInputException.class, () -> acme.groups(GroupQuery.nameStartsWith("")));
        assertEquals(0, fake.journal().calls().size(), fake.journal().calls().toString());
    }

    /** A caller-supplied token re-targeted at another resource must be refused before any request. */
    @Test
    void forgedPageTokenRetargetedAtUsersIsRefusedBeforeAnyRequest() {
        for (int i = 0; i < 5; i++) {
            fake.directory().addGroup("G" + i);
            fake.directory().addUser("u" + i + "@acme.test");
        }
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        String token = acme.groups(GroupQuery.all().pageSize(2)).nextPageTokenIfAny().orElseThrow();
        String[] parts = token.split("\\.", -1);
        String forged = null;
        for (int i = 0; i < parts.length && forged == null; i++) {
            String plain;
            try {
                plain = new String(java.util.Base64.getUrlDecoder().decode(parts[i]),
                        java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (plain.contains("/groups")) {
                parts[i] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        plain.replace("/groups", "/users").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                forged = String.join(".", parts);
            }
        }
        org.junit.jupiter.api.Assertions.assertNotNull(forged, "token parts not readable");
        String forgedToken = forged;
        fake.journal().clear();
        Exception e = assertThrows(Exception.class, () -> acme.groups(GroupQuery.page(forgedToken)));
        assertTrue(e instanceof InvalidInputException, "forged token reached: " + e);
        assertEquals(0, fake.journal().calls().size(), "forged token sent: " + fake.journal().calls());
    }

    @Test
    void unlinkWhileDisabledKeepsCredentialsAndFlag() {
        String groupId = fake.directory().addGroup("Board").id();
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        acme.linkGroup(groupId);
        acme.disable();
        var before = store.load(OrganizationId.of("acme")).orElseThrow();
        fake.journal().clear();
        assertTrue(acme.unlinkGroup());
        var after = store.load(OrganizationId.of("acme")).orElseThrow();
        assertEquals(before.credentialsIfAny(), after.credentialsIfAny());
        assertTrue(after.linkedGroupIdIfAny().isEmpty());
        assertFalse(acme.status().enabled(), acme.status().toString());
        assertEquals(0, fake.journal().calls().size());
    }

    @Test
    void aFailedConnectDoesNotReplaceWorkingCredentials() {
        fake.directory().addGroup("Board");
        ClientSecretCredentials good = creds("Group.ReadWrite.All", "User.Read.All");
        assertTrue(acme.connect(good).saved());
        var before = store.load(OrganizationId.of("acme")).orElseThrow().credentialsIfAny();
        ConnectionReport bad = acme.connect(creds("Group.ReadWrite.All"));
        assertEquals(ConnectionVerdict.FAILED, bad.verdict(), bad.render());
        assertFalse(bad.saved());
        assertEquals(before, store.load(OrganizationId.of("acme")).orElseThrow().credentialsIfAny());
    }

    @Test
    void tamperedPageTokenIsInvalidInputBeforeAnyRequest() {
        for (int i = 0; i < 5; i++) {
            fake.directory().addGroup("G" + i);
        }
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        String token = acme.groups(GroupQuery.all().pageSize(2)).nextPageTokenIfAny().orElseThrow();
        int mid = token.length() / 2;
        char c = token.charAt(mid);
        String tampered = token.substring(0, mid) + (c == 'A' ? 'B' : 'A') + token.substring(mid + 1);
        fake.journal().clear();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> acme.groups(GroupQuery.page(tampered)));
        assertEquals(0, fake.journal().calls().size(), fake.journal().calls().toString());
        assertFalse(e.getMessage().contains(tampered));
        // the untampered token still works: the refusal is about the change, not the listing
        assertEquals(2, acme.groups(GroupQuery.page(token)).groups().size());
    }

    @Test
    void aPageTokenFromOneNodeIsAcceptedByAnotherSharingTheSettingsStore() {
        for (int i = 0; i < 5; i++) {
            fake.directory().addGroup("G" + i);
        }
        assertTrue(acme.connect(creds("Group.ReadWrite.All", "User.Read.All")).saved());
        String token = acme.groups(GroupQuery.all().pageSize(2)).nextPageTokenIfAny().orElseThrow();
        try (MicrosoftIntegration otherNode = MicrosoftIntegration.builder().settings(store)
                .audit(new RecordingAuditSink()).cloud(fake.cloud()).trustCertificates(List.of(fake.caCertificate()))
                .clock(fake.clock()).sleeper(fake.sleeper()).build()) {
            assertEquals(2, otherNode.organization(OrganizationId.of("acme")).groups(GroupQuery.page(token))
                    .groups().size());
            // the same token is refused for another organization on that node, before any request
            fake.journal().clear();
            assertThrows(InvalidInputException.class,
                    () -> otherNode.organization(OrganizationId.of("globex")).groups(GroupQuery.page(token)));
            assertEquals(0, fake.journal().calls().size(), fake.journal().calls().toString());
        }
    }
}
