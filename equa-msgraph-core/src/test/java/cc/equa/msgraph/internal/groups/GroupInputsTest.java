package cc.equa.msgraph.internal.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.NewGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroupInputsTest {

    private static List<FieldProblem> filterProblems(String value) {
        List<FieldProblem> problems = new ArrayList<>();
        GroupInputs.checkFilterValue("prefix", value, problems);
        return problems;
    }

    private static List<FieldProblem> searchProblems(String value) {
        List<FieldProblem> problems = new ArrayList<>();
        GroupInputs.checkSearchText("searchText", value, problems);
        return problems;
    }

    private static List<String> fields(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::field).collect(Collectors.toList());
    }

    @Test
    void literalDoublesSingleQuotesSoInputCannotCloseTheString() {
        assertEquals("'O''Neil'", GroupInputs.literal("O'Neil"));
        assertEquals("'x'') or true or startswith(displayName,'''",
                GroupInputs.literal("x') or true or startswith(displayName,'"));
        assertEquals("''''''", GroupInputs.literal("''"));
    }

    @Test
    void filterValueAcceptsOrdinaryTextUpTo120Characters() {
        assertTrue(filterProblems("Acme Board").isEmpty());
        assertTrue(filterProblems("O'Neil & Sons (EU) – ünïcödé").isEmpty());
        assertTrue(filterProblems("x".repeat(120)).isEmpty());
    }

    @Test
    void filterValueRejectsBlankTooLongAndControlCharacters() {
        assertEquals(1, filterProblems("   ").size());
        assertTrue(filterProblems("x".repeat(121)).get(0).problem().contains("120"));
        assertEquals(1, filterProblems("a\nb").size());
        assertEquals(1, filterProblems("a\u0000b").size());
        assertEquals(1, filterProblems("a\u2028b").size());
        assertEquals(2, filterProblems("\t" + "x".repeat(130)).size());
    }

    @Test
    void searchTextRejectsDoubleQuoteAndBackslash() {
        assertTrue(searchProblems("board members").isEmpty());
        assertEquals(1, searchProblems("a\"b").size());
        assertEquals(1, searchProblems("a\\b").size());
        assertEquals(1, searchProblems("\" OR \"displayName:x").size());
    }

    @Test
    void searchPhraseIsQuotedAndRefusesUncheckedText() {
        assertEquals("\"displayName:acme board\"", GroupInputs.searchPhrase("displayName", " acme board "));
        assertThrows(IllegalArgumentException.class, () -> GroupInputs.searchPhrase("displayName", "a\"b"));
        assertThrows(IllegalArgumentException.class, () -> GroupInputs.searchPhrase("displayName", "a\\b"));
    }

    @Test
    void groupIdMustBeAGuid() {
        List<FieldProblem> problems = new ArrayList<>();
        GroupInputs.checkGroupId("groupId", "0a1b2c3d-0000-1111-2222-333344445555", problems);
        assertTrue(problems.isEmpty());
        GroupInputs.checkGroupId("groupId", "", problems);
        GroupInputs.checkGroupId("groupId", "../users/x", problems);
        GroupInputs.checkGroupId("groupId", "0a1b2c3d-0000-1111-2222-33334444555", problems);
        GroupInputs.checkGroupId("groupId", null, problems);
        assertEquals(4, problems.size());
        assertTrue(problems.get(1).problem().contains("GUID"));
    }

    @Test
    void pageSizeMustBeBetween1And999() {
        List<FieldProblem> problems = new ArrayList<>();
        GroupInputs.checkPageSize(1, problems);
        GroupInputs.checkPageSize(999, problems);
        assertTrue(problems.isEmpty());
        GroupInputs.checkPageSize(0, problems);
        GroupInputs.checkPageSize(1000, problems);
        assertEquals(List.of("pageSize", "pageSize"), fields(problems));
    }

    @Test
    void deriveNicknameKeepsOnlySafeCharacters() {
        assertEquals("acme-board", GroupInputs.deriveNickname("Acme Board", 0));
        assertEquals("societe-generale-r-d", GroupInputs.deriveNickname("Société Générale — R&D", 0));
        assertEquals("o-neil_sons", GroupInputs.deriveNickname("  O'Neil_Sons!!", 0));
        assertEquals("group", GroupInputs.deriveNickname("董事会", 0));
        assertEquals("group", GroupInputs.deriveNickname("!!!", 0));
        assertEquals("a1", GroupInputs.deriveNickname("A1", 0));
    }

    @Test
    void deriveNicknameIsAtMost64CharactersAndNeverEndsWithADash() {
        String derived = GroupInputs.deriveNickname("Board " + "x".repeat(100), 0);
        assertEquals(64, derived.length());
        assertTrue(derived.matches("[a-z0-9_-]{1,64}"));
        String cut = GroupInputs.deriveNickname("a".repeat(63) + " b", 0);
        assertEquals("a".repeat(63), cut);
        assertEquals(60, GroupInputs.deriveNickname("y".repeat(80), 4).length());
    }

    @Test
    void suffixKeepsTheNicknameWithin64Characters() {
        assertEquals("acme-board-2", GroupInputs.withSuffix("acme-board", 2));
        String longBase = "z".repeat(64);
        String suffixed = GroupInputs.withSuffix(longBase, 12);
        assertEquals(64, suffixed.length());
        assertTrue(suffixed.endsWith("-12"));
        assertEquals("a".repeat(61) + "-2", GroupInputs.withSuffix("a".repeat(61) + "-bcd", 2));
    }

    @Test
    void newGroupWithNameOnlyIsValidAndOwnedByTheApp() {
        NewGroup g = NewGroup.named("Acme Board");
        assertTrue(GroupInputs.check(g).isEmpty());
        assertTrue(g.appAsOwner());
        assertFalse(g.owners("admin@contoso.com").appAsOwner());
        assertTrue(g.owners("admin@contoso.com").appAsOwner(true).appAsOwner());
    }

    @Test
    void newGroupReportsEveryBrokenLimitAtOnce() {
        List<String> owners = IntStream.range(0, 21).mapToObj(i -> "u" + i + "@contoso.com").toList();
        NewGroup g = NewGroup.named("n".repeat(257))
                .description("d".repeat(1025))
                .mailNickname("has space")
                .owners(owners);
        List<String> fields = fields(GroupInputs.check(g));
        assertEquals(List.of("displayName", "description", "mailNickname", "owners"), fields);
    }

    @Test
    void newGroupAcceptsTheLimitsExactly() {
        List<String> owners = IntStream.range(0, 19).mapToObj(i -> "u" + i + "@contoso.com").toList();
        NewGroup g = NewGroup.named("n".repeat(256)).description("d".repeat(1024)).mailNickname("a".repeat(64))
                .owners(owners);
        assertTrue(GroupInputs.check(g).isEmpty(), GroupInputs.check(g).toString());
        List<String> twenty = IntStream.range(0, 20).mapToObj(i -> "u" + i + "@contoso.com").toList();
        assertTrue(GroupInputs.check(g.owners(twenty)).isEmpty());
        assertEquals(List.of("owners"), fields(GroupInputs.check(g.owners(twenty).appAsOwner(true))));
    }

    @Test
    void newGroupRejectsBadOwnersNicknamesAndNames() {
        assertEquals(List.of("displayName"), fields(GroupInputs.check(NewGroup.named(" "))));
        assertEquals(List.of("displayName"), fields(GroupInputs.check(NewGroup.named("a\nb"))));
        assertEquals(List.of("mailNickname"), fields(GroupInputs.check(NewGroup.named("x").mailNickname("a.b"))));
        assertEquals(List.of("mailNickname"), fields(GroupInputs.check(NewGroup.named("x").mailNickname(""))));
        assertEquals(List.of("mailNickname"),
                fields(GroupInputs.check(NewGroup.named("x").mailNickname("a".repeat(65)))));
        assertEquals(List.of("owners[1]", "owners[2]"), fields(GroupInputs.check(NewGroup.named("x")
                .owners("admin@contoso.com", "not an address", ""))));
        assertEquals(List.of("owners"), fields(GroupInputs.check(NewGroup.named("x")
                .owners("a@contoso.com", "A@contoso.com"))));
        assertEquals(List.of("owners"), fields(GroupInputs.check(NewGroup.named("x").appAsOwner(false))));
        assertTrue(GroupInputs.check(NewGroup.named("x").owners("0a1b2c3d-0000-1111-2222-333344445555")
                .appAsOwner(false)).isEmpty());
        assertTrue(GroupInputs.check(NewGroup.named("x").description("line one\nline two")).isEmpty());
    }
}
