package io.ultrawatch.watchdog.time;

import java.time.Clock;
import java.time.Duration;

/**
 * The one time seam of the watchdog: wall-clock timestamps, a monotonic source for deadlines, and delayed tasks.
 * Nothing else in the watchdog reads the time or sleeps, so tests drive all of it with {@code ManualScheduler}.
 * Deadlines use {@link #nanoTime()}, never the wall clock, so an NTP step cannot move a restart.
 */
public interface Scheduler {
    /** Wall-clock time, for timestamps people read. */
    Clock clock();

    /** Monotonic nanoseconds, for measuring and deadlines. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay} on a timer thread; the task must be short (hand work to an actor). */
    default Cancellable schedule(Runnable task, Duration delay) {
        return schedule(task, delay, Duration.ZERO);
    }

    /**
     * Like {@link #schedule(Runnable, Duration)}, but the task may run up to {@code slack} late so that it shares a
     * wake-up with other timers (systemd's {@code AccuracySec}): for periodic work such as probes, never for a
     * restart or a kill.
     */
    Cancellable schedule(Runnable task, Duration delay, Duration slack);
}
