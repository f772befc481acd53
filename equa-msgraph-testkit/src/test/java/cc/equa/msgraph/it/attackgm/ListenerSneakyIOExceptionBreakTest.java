package cc.equa.msgraph.it.attackgm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.ApplyOptions;
import cc.equa.msgraph.GraphRequestEvent;
import cc.equa.msgraph.GraphRequestListener;
import cc.equa.msgraph.GraphWait;
import cc.equa.msgraph.SyncPlan;
import cc.equa.msgraph.SyncResult;
import cc.equa.msgraph.spi.TeamMember;
import cc.equa.msgraph.testkit.FakeGroup;
import cc.equa.msgraph.testkit.FakeUser;
import cc.equa.msgraph.testkit.FaultRule;
import cc.equa.msgraph.testkit.Hostility;
import cc.equa.msgraph.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** attackgm, part B, a break: a listener throwing a checked IOException (as Kotlin code may) is taken for a network failure, retried, and escapes raw. */
class ListenerSneakyIOExceptionBreakTest {

    @Test
    void aListenerThrowingACheckedIOExceptionSneakilyIsNotMistakenForATransportFailure() {
        GraphRequestEventsAttackTest.syncSurvives("sneaky IOException", GraphRequestEventsAttackTest.throwing(() -> new java.io.IOException("listener, not network")));
    }

}
