package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.internal.GraphCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when the code under test sleeps through the retry layer: tests never sleep. */
public final class VirtualTime extends Clock {
    public Instant now = Instant.parse("2026-01-01T00:00:00Z");
    public final List<Duration> sleeps = new ArrayList<>();

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public GraphCalls calls() {
        return new GraphCalls(d -> {
            sleeps.add(d);
            now = now.plus(d);
        }, 6, Duration.ofMinutes(10));
    }
}

