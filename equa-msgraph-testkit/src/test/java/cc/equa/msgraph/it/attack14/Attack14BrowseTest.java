package cc.equa.msgraph.it.attack14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.GroupInfo;
import cc.equa.msgraph.GroupPage;
import cc.equa.msgraph.GroupQuery;
import cc.equa.msgraph.testkit.Hostility;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Browsing groups under the realistic profile ($count ignored without ConsistencyLevel, OR limit). */
class Attack14BrowseTest {

    @Test
    void searchPrefixAndPagingWorkUnderTheRealisticProfile() {
        try (A14 f = new A14(Hostility.realistic(7), A14.LEAST)) {
            for (int i = 0; i < 30; i++) {
                f.fake.directory().addGroup("Board " + i);
            }
            Set<String> seen = new HashSet<>();
            GroupPage page = f.org.groups(GroupQuery.nameStartsWith("Board").pageSize(7));
            while (true) {
                page.groups().stream().map(GroupInfo::id).forEach(seen::add);
                if (page.nextPageTokenIfAny().isEmpty()) {
                    break;
                }
                page = f.org.groups(GroupQuery.page(page.nextPageTokenIfAny().get()).pageSize(7));
            }
            assertEquals(30, seen.size());
            GroupPage search = f.org.groups(GroupQuery.search("board"));
            assertTrue(search.groups().size() >= 30 || search.nextPageTokenIfAny().isPresent(),
                    "search found " + search.groups().size());
            assertEquals(0, f.fake.journal().calls(c -> c.status() == 400).size(),
                    f.fake.journal().calls(c -> c.status() == 400).toString());
        }
    }
}
