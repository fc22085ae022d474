package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * A fixed-rate series of one task on a supervisor's actor: probes, memory samples, the flag-file check. It owns the
 * due time, so a timer that fires late (timers carry a slack of a tenth of their interval, so that many bots share a
 * wake-up) does not push every later run back; and it owns its own end, so a task of a process that was replaced
 * never runs (one object per process replaces the generation counters a shared timer would need).
 *
 * <p>Not thread-safe: used on its actor only. The next run is scheduled by the task's owner when the run is over
 * ({@link #next}), so two runs are never in flight, and a slow answer shortens the following wait instead of adding
 * to it.
 */
final class PeriodicTask {
    /** The share of an interval a periodic timer may run late (systemd's AccuracySec). */
    static final int SLACK_DIVISOR = 10;

    private final Scheduler time;
    private final Executor actor;
    private final Runnable task;
    private long dueNanos;
    private Cancellable timer = Cancellable.NONE;
    private boolean cancelled;

    PeriodicTask(Scheduler time, Executor actor, Runnable task) {
        this.time = time;
        this.actor = actor;
        this.task = task;
        this.dueNanos = time.nanoTime();
    }

    /** Runs the task now (at once, without slack). */
    void runNow() {
        dueNanos = time.nanoTime();
        arm(Duration.ZERO);
    }

    /** Runs the task one interval after its last deadline, or now when that has passed (no burst to catch up). */
    void next(Duration interval) {
        dueNanos = Math.max(dueNanos + interval.toNanos(), time.nanoTime());
        arm(interval.dividedBy(SLACK_DIVISOR));
    }

    void cancel() {
        cancelled = true;
        timer.cancel();
    }

    boolean cancelled() {
        return cancelled;
    }

    private void arm(Duration slack) {
        if (cancelled) {
            return;
        }
        timer.cancel();
        Duration delay = Duration.ofNanos(Math.max(0, dueNanos - time.nanoTime()));
        timer = time.schedule(() -> actor.execute(() -> {
            if (!cancelled) {
                task.run();
            }
        }), delay, slack);
    }
}
