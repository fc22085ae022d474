package io.ultrawatch.watchdog.time;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the watchdog's executors. The threads are daemons: the watchdog's life is decided by its main
 * thread and its shutdown hook (stop the bots, then exit), never by a timer, probe or writer thread that happens to
 * be alive. Each thread has a name, because per-thread CPU ({@code /proc/PID/task/*}, {@code jstack}, JFR) is how a
 * busy watchdog is diagnosed (bench/RESULTS.md reads it by these names).
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Daemon threads named {@code name-1}, {@code name-2}... for a pool whose size is not known in advance. */
    public static ThreadFactory factory(String name) {
        return factory(name, Integer.MAX_VALUE);
    }

    /**
     * Daemon threads for an executor of at most {@code maxThreads}: a single one is called {@code name}, several are
     * {@code name-1}, {@code name-2}...
     */
    public static ThreadFactory factory(String name, int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1, but was " + maxThreads);
        }
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, maxThreads == 1 ? name : name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
