package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.probe.ProbeResult;
import java.time.Instant;
import java.util.Map;

/**
 * What one supervisor knows at a moment, published after every change and every tick. Immutable, so the status
 * writer, metrics and the API read it from other threads without locks.
 *
 * @param pid null when no process runs
 * @param memoryBytes resident memory of the bot's whole tree at the last sample, or null
 * @param backoffMillis the delay being waited in BACKOFF, else 0
 * @param observedAt when the supervisor's loop last ran (its liveness)
 * @param startsInWindow starts counted by the start budget ({@code restart.max_starts_window})
 * @param heldUntil when a HELD bot's budget frees a start, else null
 * @param degradedSince since when the running bot answers "alive but not ready", else null (it is ready)
 * @param failedStarts starts that failed before a process ran (missing folder, env file, command): a bot that cannot
 *     even start shows them, where its restarts stay 0
 * @param statusText what a notify bot said last with {@code STATUS=} while it runs, else null
 */
public record BotSnapshot(String name, BotState state, Long pid, boolean adopted, Instant startedAt,
                          long restartsTotal, Map<RestartReason, Long> restartsByReason, LastRestart lastRestart,
                          int consecutiveProbeFailures, ProbeResult lastProbe, Long memoryBytes, long memoryLimitMb,
                          long backoffMillis, Instant nextStartAt, int consecutiveFailures, boolean crashLooping,
                          Instant observedAt, int startsInWindow, Instant heldUntil,
                          Instant degradedSince, long failedStarts, String statusText) {
    public BotSnapshot {
        restartsByReason = Map.copyOf(restartsByReason);
    }

    /** A snapshot without a status text: every bot but a notify bot. */
    public BotSnapshot(String name, BotState state, Long pid, boolean adopted, Instant startedAt, long restartsTotal,
                       Map<RestartReason, Long> restartsByReason, LastRestart lastRestart, int consecutiveProbeFailures,
                       ProbeResult lastProbe, Long memoryBytes, long memoryLimitMb, long backoffMillis,
                       Instant nextStartAt, int consecutiveFailures, boolean crashLooping, Instant observedAt,
                       int startsInWindow, Instant heldUntil, Instant degradedSince, long failedStarts) {
        this(name, state, pid, adopted, startedAt, restartsTotal, restartsByReason, lastRestart,
                consecutiveProbeFailures, lastProbe, memoryBytes, memoryLimitMb, backoffMillis, nextStartAt,
                consecutiveFailures, crashLooping, observedAt, startsInWindow, heldUntil, degradedSince, failedStarts,
                null);
    }

    /** The last restart: when, why, and the detail a person reads ("exit code 1"). */
    public record LastRestart(Instant at, RestartReason reason, String detail) {
    }
}
