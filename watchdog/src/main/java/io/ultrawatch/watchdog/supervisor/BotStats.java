package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.policy.StartBudget;
import io.ultrawatch.watchdog.process.BotProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a supervisor counts across processes: restarts by reason, the last restart, start attempts since the last
 * stable run, the backoff being waited, and the starts the start budget counts (loaded from the last watchdog's
 * record, so the budget survives a revival). Used on the supervisor's actor only; {@link BotSnapshot} is the immutable
 * copy others read.
 */
final class BotStats {
    private long restartsTotal;
    private final Map<RestartReason, Long> restartsByReason = new EnumMap<>(RestartReason.class);
    private BotSnapshot.LastRestart lastRestart;
    private int attempt;
    private Duration lastDelay = Duration.ZERO;
    private Duration backoffDelay = Duration.ZERO;
    private Instant nextStartAt;
    private List<Instant> starts;
    private Instant heldUntil;

    BotStats(List<Instant> starts) {
        this.starts = List.copyOf(starts);
    }

    /** The start budget's record with one more start at {@code now}; what to keep. */
    List<Instant> recordStart(StartBudget budget, Instant now) {
        starts = budget.record(starts, now);
        return starts;
    }

    /** When the budget frees a start, or empty when one is allowed now. */
    /**
     * Counts a start against the budget ({@code save} keeps the record across watchdog restarts), or refuses it when
     * the budget is used up; a person's start is never refused.
     *
     * @return the refusal, or empty when the start was counted; then {@code startsLeft} is what the window has left
     */
    Optional<Input.BudgetSpent> admit(StartBudget budget, Instant now, boolean byPerson,
                                      Consumer<List<Instant>> save) {
        Optional<Instant> spent = byPerson ? Optional.empty() : spentUntil(budget, now);
        if (spent.isPresent()) {
            return Optional.of(new Input.BudgetSpent(spent.get(), startsInWindow(budget, now)));
        }
        save.accept(recordStart(budget, now));
        return Optional.empty();
    }

    /** Starts the budget's window has left now. */
    int startsLeft(StartBudget budget, Instant now) {
        return Math.max(0, budget.maxStarts() - startsInWindow(budget, now));
    }

    Optional<Instant> spentUntil(StartBudget budget, Instant now) {
        return budget.spentUntil(starts, now);
    }

    int startsInWindow(StartBudget budget, Instant now) {
        return budget.inWindow(starts, now).size();
    }

    private long failedStarts;

    void failedStart() {
        failedStarts++;
    }

    void held(Instant until) {
        heldUntil = until;
    }

    void countRestart(Instant at, RestartReason reason, String detail) {
        restartsTotal++;
        restartsByReason.merge(reason, 1L, Long::sum);
        lastRestart = new BotSnapshot.LastRestart(at, reason, detail);
    }

    /** A new run (from STOPPED) or a stable one: attempts count from one again. */
    void forgive() {
        attempt = 0;
        lastDelay = Duration.ZERO;
    }

    /** An adopted bot is the first attempt of this watchdog's run. */
    void adopted() {
        attempt = 1;
    }

    /** Counts a start; returns how it reads: "attempt 3, after 4s backoff". */
    String startAttempt() {
        attempt++;
        String after = lastDelay.isZero() ? "" : ", after " + Durations.format(lastDelay) + " backoff";
        backoffDelay = Duration.ZERO;
        nextStartAt = null;
        return "attempt " + attempt + after;
    }

    int attempt() {
        return attempt;
    }

    /** A start that follows at once: the last start was not after a backoff. */
    void noDelay() {
        lastDelay = Duration.ZERO;
    }

    void backoff(Duration delay, Instant until) {
        backoffDelay = delay;
        lastDelay = delay;
        nextStartAt = until;
    }

    void backoffOver() {
        backoffDelay = Duration.ZERO;
        nextStartAt = null;
    }

    long restartsTotal() {
        return restartsTotal;
    }

    Map<RestartReason, Long> restartsByReason() {
        return restartsByReason;
    }

    BotSnapshot.LastRestart lastRestart() {
        return lastRestart;
    }

    Duration backoffDelay() {
        return backoffDelay;
    }

    Instant nextStartAt() {
        return nextStartAt;
    }

    /** The immutable copy others read, with what the current process's watch knows. */
    BotSnapshot snapshot(String name, Lifecycle lifecycle, BotProcess process, ProcessWatch watch, long memoryLimitMb,
                         StartBudget budget, Instant observedAt) {
        return new BotSnapshot(name, lifecycle.state(), process == null ? null : process.pid(),
                process != null && process.adopted(), process == null ? null : process.startedAt(), restartsTotal,
                restartsByReason, lastRestart, watch == null ? 0 : watch.probeFailures(),
                watch == null ? null : watch.lastProbe(), watch == null ? null : watch.memoryBytes(), memoryLimitMb,
                backoffDelay.toMillis(), nextStartAt, lifecycle.failuresInRow(), lifecycle.crashLooping(), observedAt,
                startsInWindow(budget, observedAt), heldUntil,
                watch == null || !lifecycle.alive() ? null : watch.degradedSince(), failedStarts,
                watch == null || process == null ? null : watch.statusText());
    }
}
