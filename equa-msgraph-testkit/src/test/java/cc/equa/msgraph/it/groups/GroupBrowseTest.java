package cc.equa.msgraph.it.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupPage;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.RecordedCall;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Browse and search a tenant of 50,000 groups through the real SDK. */
class GroupBrowseTest {

    private static final int UNIFIED = 45_000;
    private static final int SECURITY = 5_000;
    private static GroupsFixture fx;

    @BeforeAll
    static void seed() {
        fx = new GroupsFixture();
        for (int i = 0; i < UNIFIED; i++) {
            // every 30th group is a "Board" group: 1,500 of them
            String name = (i % 30 == 0 ? "Board " : "Team ") + String.format("%05d", i);
            fx.directory().addGroup(FakeGroup.builder(name).mailNickname("u" + i).build());
        }
        for (int i = 0; i < SECURITY; i++) {
            fx.directory().addGroup(FakeGroup.builder("Board security " + i).mailNickname("s" + i).security().build());
        }
        fx.directory().addGroup(FakeGroup.builder("O'Neil Partners").mailNickname("oneil").build());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void clearJournal() {
        fx.fake.journal().clear();
    }

    private static List<RecordedCall> groupListCalls() {
        return fx.fake.journal().calls("GET", "/groups");
    }

    @Test
    void groupsPagesThroughAllMicrosoft365GroupsWithOpaqueTokens() {
        Set<String> ids = new HashSet<>();
        GroupPage page = fx.org.groups(GroupQuery.all().pageSize(999));
        int pages = 1;
        while (true) {
            for (GroupInfo g : page.groups()) {
                assertTrue(g.unified(), g.displayName());
                ids.add(g.id());
            }
            if (!page.hasNextPage()) {
                break;
            }
            String token = page.nextPageToken();
            assertFalse(token.contains("skiptoken") || token.contains("localhost") || token.contains("/groups"));
            String decoded = new String(Base64.getUrlDecoder().decode(token.substring(3, token.indexOf('.', 3))));
            assertTrue(decoded.contains("/v1.0/groups"), "the token wraps Graph's nextLink");
            page = fx.org.groups(GroupQuery.page(token));
            pages++;
        }
        assertEquals(UNIFIED + 1, ids.size());
        assertEquals((UNIFIED + 1 + 998) / 999, pages);
        RecordedCall first = groupListCalls().get(0);
        assertTrue(first.query().contains("groupTypes/any(c:c eq 'Unified')")
                || first.query().contains("groupTypes%2Fany"), first.query());
        assertTrue(first.query().contains("select"), "only the needed properties are fetched: " + first.query());
    }

    @Test
    void groupsSearchSendsConsistencyLevelOnEveryPage() {
        Set<String> names = new HashSet<>();
        GroupPage page = fx.org.groups(GroupQuery.search("board").pageSize(999));
        names.addAll(page.groups().stream().map(GroupInfo::displayName).toList());
        assertTrue(page.hasNextPage(), "1,500 matches need two pages of 999");
        page = fx.org.groups(GroupQuery.page(page.nextPageToken()));
        names.addAll(page.groups().stream().map(GroupInfo::displayName).toList());
        assertFalse(page.hasNextPage());
        assertEquals(1_500, names.size());
        assertTrue(names.stream().allMatch(n -> n.startsWith("Board ")));
        List<RecordedCall> calls = groupListCalls();
        assertEquals(2, calls.size());
        for (RecordedCall c : calls) {
            assertEquals("eventual", c.header("ConsistencyLevel").orElse(null), "page " + c.query());
        }
    }

    @Test
    void groupsPrefixMatchesNamesWithQuotesSafely() {
        GroupPage page = fx.org.groups(GroupQuery.nameStartsWith("O'Neil"));
        assertEquals(List.of("O'Neil Partners"), page.groups().stream().map(GroupInfo::displayName).toList());
        GroupPage none = fx.org.groups(GroupQuery.nameStartsWith("x') or startswith(displayName,'"));
        assertTrue(none.groups().isEmpty());
    }

    @Test
    void groupsPrefixPagesAndIncludesOtherTypesOnlyWhenAsked() {
        GroupPage unified = fx.org.groups(GroupQuery.nameStartsWith("Board security").pageSize(50));
        assertTrue(unified.groups().isEmpty());
        GroupPage all = fx.org.groups(GroupQuery.nameStartsWith("Board security").includeAllGroupTypes()
                .pageSize(999));
        assertEquals(999, all.groups().size());
        assertTrue(all.hasNextPage());
        assertFalse(all.groups().get(0).linkable());
    }

    @Test
    void groupsRejectsTamperedTokenBeforeAnyCall() {
        String foreign = "g1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("acme\n-\nhttps://evil.example/v1.0/groups?$skiptoken=x").getBytes());
        assertThrows(InvalidInputException.class, () -> fx.org.groups(GroupQuery.page(foreign)));
        assertThrows(InvalidInputException.class, () -> fx.org.groups(GroupQuery.search("a\"b")));
        assertEquals(0, fx.graphCalls());
    }

    @Test
    void pageSizeOnAPageTokenIsRefusedUnlessItIsTheListingsOwn() {
        GroupPage first = fx.org.groups(GroupQuery.all().pageSize(7));
        String token = first.nextPageToken();
        fx.fake.journal().clear();

        for (int size : new int[] {8, 3, 0, 1000}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> fx.org.groups(GroupQuery.page(token).pageSize(size)), "size " + size);
            assertEquals(List.of("pageSize"), e.problems().stream().map(p -> p.field()).toList());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fx.org.groups(GroupQuery.page(token).pageSize(8)));
        assertTrue(e.getMessage().contains("7"), "names the listing's page size: " + e.getMessage());
        assertEquals(0, fx.graphCalls(), "refused before any request");

        GroupPage same = fx.org.groups(GroupQuery.page(token).pageSize(7));
        GroupPage implicit = fx.org.groups(GroupQuery.page(token));

        assertEquals(7, same.groups().size());
        assertEquals(same.groups(), implicit.groups());
        List<RecordedCall> calls = groupListCalls();
        assertEquals(2, calls.size());
        assertEquals(calls.get(0).query(), calls.get(1).query(), "Graph's next link is followed verbatim");
    }

    @Test
    void unauthenticatedTokensOfOlderVersionsAreRefused() {
        GroupPage first = fx.org.groups(GroupQuery.all().pageSize(5));
        String token = first.nextPageToken();
        String decoded = new String(Base64.getUrlDecoder().decode(token.substring(3, token.indexOf('.', 3))));
        String link = decoded.substring(decoded.lastIndexOf('\n') + 1);
        String v1 = "g1." + Base64.getUrlEncoder().withoutPadding().encodeToString(("acme\n-\n" + link).getBytes());
        fx.fake.journal().clear();

        assertThrows(InvalidInputException.class, () -> fx.org.groups(GroupQuery.page(v1).pageSize(5)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> fx.org.groups(GroupQuery.page(v1)));
        assertTrue(e.getMessage().contains("older version"), e.getMessage());
        assertEquals(0, fx.graphCalls());
    }
}
