package cc.equa.msgraph.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.spi.HeldPlan;
import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.OrganizationId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link HeldPlanStore} does; run on the in-memory store, H2 and PostgreSQL. */
abstract class HeldPlanStoreContract {

    static final OrganizationId ACME = OrganizationId.of("acme");
    static final OrganizationId GLOBEX = OrganizationId.of("globex");
    static final Instant T0 = Instant.parse("2026-11-30T10:15:30.123456Z");

    abstract HeldPlanStore newStore();

    private HeldPlanStore store;

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    static HeldPlan plan(OrganizationId org, String id, Instant heldAt) {
        return new HeldPlan(org, id, heldAt.minusSeconds(5), heldAt, "fp-" + id, 2, 1, 0, false,
                "{\"formatVersion\":1,\"planId\":\"" + id + "\",\"who\":\"dana@acme.example\"}");
    }

    @Test
    void putThenReadBackEveryField() {
        HeldPlan p = new HeldPlan(ACME, "p1", T0.minusSeconds(1), T0, "fp", 3, 12, 1, true, "{\"x\":\"ü\"}");
        store.put(p);
        HeldPlan back = store.get(ACME, "p1").orElseThrow();
        assertEquals(p.planJson(), back.planJson());
        assertEquals(p.fingerprint(), back.fingerprint());
        assertEquals(List.of(3, 12, 1), List.of(back.additions(), back.removals(), back.ownerAdditions()));
        assertTrue(back.removalGuardTripped());
        assertEquals(p.heldAt().truncatedTo(ChronoUnit.MILLIS), back.heldAt().truncatedTo(ChronoUnit.MILLIS));
        assertEquals(p.planCreatedAt().truncatedTo(ChronoUnit.MILLIS),
                back.planCreatedAt().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void latestIsTheMostRecentlyHeldAndListIsNewestFirstPerOrganization() {
        store.put(plan(ACME, "old", T0));
        store.put(plan(ACME, "new", T0.plusSeconds(60)));
        store.put(plan(GLOBEX, "other", T0.plusSeconds(120)));
        assertEquals("new", store.latest(ACME).orElseThrow().planId());
        assertEquals(List.of("new", "old"), store.list(ACME).stream().map(HeldPlan::planId).toList());
        assertEquals(List.of("other"), store.list(GLOBEX).stream().map(HeldPlan::planId).toList());
        assertTrue(store.latest(OrganizationId.of("nobody")).isEmpty());
    }

    @Test
    void putWithTheSameIdReplaces() {
        store.put(plan(ACME, "p", T0));
        store.put(new HeldPlan(ACME, "p", T0, T0.plusSeconds(1), "fp2", 5, 0, 0, false, "{}"));
        assertEquals(1, store.list(ACME).size());
        assertEquals(5, store.get(ACME, "p").orElseThrow().additions());
    }

    @Test
    void removeAndRemoveAll() {
        store.put(plan(ACME, "a", T0));
        store.put(plan(ACME, "b", T0.plusSeconds(1)));
        store.put(plan(GLOBEX, "c", T0));
        assertTrue(store.remove(ACME, "a"));
        assertFalse(store.remove(ACME, "a"));
        assertFalse(store.remove(GLOBEX, "b"), "a plan id is removed only for its own organization");
        assertEquals(1, store.removeAll(ACME));
        assertTrue(store.list(ACME).isEmpty());
        assertEquals(1, store.list(GLOBEX).size());
    }
}
