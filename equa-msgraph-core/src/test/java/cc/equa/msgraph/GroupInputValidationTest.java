package cc.equa.msgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.spi.IntegrationSettings;
import cc.equa.msgraph.spi.OrganizationId;
import cc.equa.msgraph.spi.SettingsStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad group input is refused before the settings store or the network is touched. */
class GroupInputValidationTest {

    private final AtomicInteger storeCalls = new AtomicInteger();
    private final SettingsStore store = new SettingsStore() {
        @Override
        public Optional<IntegrationSettings> load(OrganizationId organization) {
            storeCalls.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public void save(OrganizationId organization, IntegrationSettings settings) {
            storeCalls.incrementAndGet();
        }

        @Override
        public void delete(OrganizationId organization) {
            storeCalls.incrementAndGet();
        }
    };
    private final MicrosoftIntegration ms = MicrosoftIntegration.builder().settings(store).build();
    private final OrganizationIntegration org = ms.organization(OrganizationId.of("acme"));

    @AfterEach
    void close() {
        ms.close();
    }

    private InvalidInputException refused(org.junit.jupiter.api.function.Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertEquals(0, storeCalls.get(), "the settings store was used before the input was checked");
        assertEquals(ErrorKind.INVALID_INPUT, e.kind());
        return e;
    }

    @Test
    void groupsRefusesInjectionAttemptsInSearchBeforeAnyCall() {
        InvalidInputException e = refused(() -> org.groups(GroupQuery.search("x\" OR \"mail:y")));
        assertEquals("searchText", e.problems().get(0).field());
    }

    @Test
    void groupsRefusesTooLongPrefixAndBadPageSizeTogether() {
        InvalidInputException e = refused(() -> org.groups(GroupQuery.nameStartsWith("p".repeat(121)).pageSize(0)));
        assertEquals(2, e.problems().size());
    }

    @Test
    void groupsRefusesControlCharactersInPrefix() {
        refused(() -> org.groups(GroupQuery.nameStartsWith("a\r\nb")));
    }

    @Test
    void groupsRefusesForeignPageToken() {
        InvalidInputException e = refused(() -> org.groups(GroupQuery.page("g1.aHR0cHM6Ly9ldmlsLmV4YW1wbGU")));
        assertEquals("pageToken", e.problems().get(0).field());
    }

    @Test
    void linkGroupRefusesNonGuidBeforeAnyCall() {
        InvalidInputException e = refused(() -> org.linkGroup("../users/admin"));
        assertEquals("groupId", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("GUID"));
    }

    @Test
    void createGroupRefusesBrokenLimitsBeforeAnyCall() {
        InvalidInputException e = refused(() -> org.createGroup(NewGroup.named("x".repeat(300))
                .description("d".repeat(2000)).mailNickname("bad nickname!")));
        assertEquals(3, e.problems().size());
    }
}
