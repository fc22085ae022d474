package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import java.time.Instant;
import java.util.Map;

/** Supervisor snapshots for tests of what reads the status board (metrics, API, history). */
public final class Snapshots {
    private Snapshots() {
    }

    /** A bot in {@code state} with a pid when alive, 100 MB of 512, no restarts, last seen at {@code at}. */
    public static BotSnapshot of(String name, BotState state, Instant at) {
        boolean alive = state == BotState.RUNNING || state == BotState.STARTING;
        return new BotSnapshot(name, state, alive ? 4242L : null, false, alive ? at.minusSeconds(90) : null, 0,
                Map.of(), null, 0, null, 100L * 1024 * 1024, 512, 0, null, 0, false, at, 1, null, null, 0);
    }

    public static BotSnapshot withRestarts(BotSnapshot b, Map<RestartReason, Long> byReason) {
        long total = byReason.values().stream().mapToLong(Long::longValue).sum();
        return new BotSnapshot(b.name(), b.state(), b.pid(), b.adopted(), b.startedAt(), total, byReason,
                b.lastRestart(), b.consecutiveProbeFailures(), b.lastProbe(), b.memoryBytes(), b.memoryLimitMb(),
                b.backoffMillis(), b.nextStartAt(), b.consecutiveFailures(), b.crashLooping(), b.observedAt(),
                b.startsInWindow(), b.heldUntil(), b.degradedSince(),
                b.failedStarts());
    }

    public static BotSnapshot withProbe(BotSnapshot b, ProbeResult probe) {
        return new BotSnapshot(b.name(), b.state(), b.pid(), b.adopted(), b.startedAt(), b.restartsTotal(),
                b.restartsByReason(), b.lastRestart(), b.consecutiveProbeFailures(), probe, b.memoryBytes(),
                b.memoryLimitMb(), b.backoffMillis(), b.nextStartAt(), b.consecutiveFailures(), b.crashLooping(),
                b.observedAt(), b.startsInWindow(), b.heldUntil(), b.degradedSince(),
                b.failedStarts());
    }
}
