package io.ultrawatch.watchdog.time;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks given to it one at a time, in order: the single thread of a supervisor's state machine without a
 * thread of its own (200 bots need not mean 200 threads). A task that throws is logged and the next one runs.
 *
 * <p>An idle actor runs a task at once on the thread that hands it over (a timer, the probe's HTTP thread, an API
 * request), so a probe answer or a timer costs no wake-up of another thread: at 200 bots those handoffs were
 * most of the watchdog's CPU. The pool is used only when that thread is already running an actor's loop, so one
 * actor's loop never runs nested inside another's, and a task that hands another task to its own actor never
 * recurses: the running loop picks it up. Tests pass a direct executor ({@code Runnable::run}).
 */
public final class Actor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Actor.class);

    private final String name;
    private final Executor pool;
    private final Queue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Tasks one loop runs before it yields its thread: a busy actor cannot hold a caller's thread for long. */
    private static final int BATCH = 64;
    /** True on a thread while it runs some actor's loop. */
    private static final ThreadLocal<Boolean> IN_A_LOOP = ThreadLocal.withInitial(() -> Boolean.FALSE);

    public Actor(String name, Executor pool) {
        this.name = name;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        mailbox.add(task);
        if (draining.compareAndSet(false, true)) {
            if (IN_A_LOOP.get()) {
                pool.execute(this::drain);
            } else {
                drain();
            }
        }
    }

    /**
     * Like {@link #execute} but never on the caller's thread: for threads that must not run supervisor work, such as
     * the JDK's process reaper (a small stack, and it reaps every child of the JVM).
     */
    public void handOff(Runnable task) {
        mailbox.add(task);
        trySchedule();
    }

    private void trySchedule() {
        if (draining.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        boolean outer = !IN_A_LOOP.get();
        IN_A_LOOP.set(Boolean.TRUE);
        try {
            Runnable task;
            int budget = BATCH;
            while (budget-- > 0 && (task = mailbox.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.error("Unexpected error in the loop of {}", name, e);
                }
            }
        } finally {
            if (outer) {
                IN_A_LOOP.set(Boolean.FALSE);
            }
            draining.set(false);
            // Tasks left over the batch, or added between the last poll and the reset above, go to the pool.
            if (!mailbox.isEmpty()) {
                trySchedule();
            }
        }
    }
}
