package io.ultrawatch.watchdog.time;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks given to it one at a time, in order, on a shared pool: the single thread of a supervisor's state
 * machine without a thread of its own (200 bots need not mean 200 threads). A task that throws is logged and the next
 * one runs. With a direct executor ({@code Runnable::run}) it runs tasks on the caller's thread, which tests use;
 * a task that hands another task to its own actor never recurses, the running loop picks it up.
 */
public final class Actor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Actor.class);

    private final String name;
    private final Executor pool;
    private final Queue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    public Actor(String name, Executor pool) {
        this.name = name;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        mailbox.add(task);
        trySchedule();
    }

    private void trySchedule() {
        if (draining.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = mailbox.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.error("Unexpected error in the loop of {}", name, e);
                }
            }
        } finally {
            draining.set(false);
            // A task added between the last poll and the reset above would otherwise wait for the next one.
            if (!mailbox.isEmpty()) {
                trySchedule();
            }
        }
    }
}
