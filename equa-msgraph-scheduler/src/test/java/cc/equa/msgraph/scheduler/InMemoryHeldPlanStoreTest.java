package cc.equa.msgraph.scheduler;

import cc.equa.msgraph.spi.HeldPlanStore;
import cc.equa.msgraph.spi.InMemoryHeldPlanStore;

/** The held-plan store contract on the SPI's in-memory store. */
class InMemoryHeldPlanStoreTest extends HeldPlanStoreContract {

    @Override
    HeldPlanStore newStore() {
        return new InMemoryHeldPlanStore();
    }
}
