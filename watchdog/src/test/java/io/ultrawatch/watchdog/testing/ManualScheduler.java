package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** A scheduler driven by the test: time moves only in {@link #advance}, and due tasks run on the test's thread. */
public final class ManualScheduler implements Scheduler {
    private static final Instant EPOCH = Instant.parse("2026-11-23T08:00:00Z");

    private long nanos;
    private long seq;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    /** How late a task scheduled with a slack runs, at most its slack: the real scheduler's coalescing. */
    public Duration lateness = Duration.ZERO;

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long order = seq++;
        final Runnable body;
        boolean cancelled;

        Task(long due, Runnable body) {
            this.due = due;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return EPOCH.plusNanos(nanos);
            }
        };
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay, Duration slack) {
        long late = delay.isNegative() || delay.isZero() ? 0 : Math.min(slack.toNanos(), lateness.toNanos());
        Task t = new Task(nanos + Math.max(0, delay.toNanos()) + late, task);
        tasks.add(t);
        return t;
    }

    /** Runs every task due now, including those the tasks schedule for now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves time forward, running each task at its due time, in order. */
    public void advance(Duration d) {
        long target = nanos + d.toNanos();
        Task next;
        while ((next = tasks.peek()) != null && next.due <= target) {
            tasks.poll();
            if (!next.cancelled) {
                nanos = Math.max(nanos, next.due);
                next.body.run();
            }
        }
        nanos = target;
    }

    /** The delay until the earliest live task, for asserting what was asked for. */
    public Duration nextDelay() {
        return tasks.stream().filter(t -> !t.cancelled).min(Task::compareTo)
                .map(t -> Duration.ofNanos(t.due - nanos)).orElse(null);
    }
}
