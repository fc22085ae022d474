package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's bounded queue and its delivery: one message in flight at a time, in order, each tried up to
 * {@link RetryPolicy#attempts()} times with capped backoff (or the receiver's {@code Retry-After}) before it counts as
 * failed. A dead or slow sink fills only its own queue; when the queue is full the oldest waiting message is dropped
 * (the newest says most about now) and counted. Attempts run on the shared executor, waits on the {@link Scheduler}
 * (no thread waits), so a retrying sink holds no thread.
 *
 * <p>Thread-safe: {@link #offer} never blocks beyond a short lock.
 */
final class SinkChannel {
    private static final Logger log = LoggerFactory.getLogger(SinkChannel.class);
    /** Messages a sink may have waiting: far more than a rate-limited sink gets in a retry period. */
    static final int CAPACITY = 100;

    private final Sink sink;
    private final Executor executor;
    private final Scheduler time;
    private final RetryPolicy retry;
    private final int capacity;

    private final Deque<Notification> queue = new ArrayDeque<>();
    /** True while the head is being tried or waits for its next try. */
    private boolean busy;
    private int attempt;
    private Cancellable retryTimer = Cancellable.NONE;
    private boolean closed;

    private long sent;
    private long failed;
    private long dropped;
    private String lastResult;
    private Instant lastAt;
    private String lastDetail;

    SinkChannel(Sink sink, Executor executor, Scheduler time, RetryPolicy retry, int capacity) {
        this.sink = sink;
        this.executor = executor;
        this.time = time;
        this.retry = retry;
        this.capacity = capacity;
    }

    Sink sink() {
        return sink;
    }

    synchronized void offer(Notification n) {
        if (closed) {
            drop("the notifier is closed");
            return;
        }
        if (queue.size() >= capacity) {
            // Keep the head (it may be in flight): drop the oldest message behind it.
            Notification head = queue.pollFirst();
            queue.pollFirst();
            queue.addFirst(head);
            drop("the queue is full (" + capacity + " messages)");
        }
        queue.addLast(n);
        if (!busy) {
            busy = true;
            dispatch();
        }
    }

    private void drop(String why) {
        dropped++;
        lastResult = "dropped";
        lastAt = time.clock().instant();
        lastDetail = why;
        log.warn("Notification to sink {} dropped: {}", sink.name(), why);
    }

    /** Called with the lock held. */
    private void dispatch() {
        try {
            executor.execute(this::attempt);
        } catch (RejectedExecutionException e) {
            busy = false;
            while (!queue.isEmpty()) {
                queue.pollFirst();
                drop("the notifier is shutting down");
            }
        }
    }

    private void attempt() {
        Notification n;
        int tries;
        synchronized (this) {
            n = queue.peekFirst();
            if (closed || n == null) {
                busy = false;
                return;
            }
            tries = ++attempt;
        }
        SendResult r;
        try {
            r = sink.send(n);
        } catch (RuntimeException e) {
            // A sink must not throw; if one does, the message is not worth retrying blindly.
            r = SendResult.failed(0, "unexpected " + e.getClass().getSimpleName());
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            lastAt = time.clock().instant();
            lastDetail = r.detail();
            if (r.ok()) {
                sent++;
                lastResult = "sent";
                log.debug("Notification to sink {} sent: {}", sink.name(), r.detail());
                next();
            } else if (r.outcome() == SendResult.Outcome.RETRY && tries < retry.attempts()) {
                lastResult = "retrying";
                Duration wait = retry.delay(tries, r);
                log.info("Notification to sink {} not delivered ({}), try {} of {} in {} ms", sink.name(),
                        r.detail(), tries + 1, retry.attempts(), wait.toMillis());
                retryTimer = time.schedule(this::retryNow, wait);
            } else {
                failed++;
                lastResult = "failed";
                log.warn("Notification to sink {} failed after {} {}: {}", sink.name(), tries,
                        tries == 1 ? "try" : "tries", r.detail());
                next();
            }
        }
    }

    private synchronized void retryNow() {
        if (!closed) {
            dispatch();
        }
    }

    /** The head is done: on to the next message, if any. Called with the lock held. */
    private void next() {
        queue.pollFirst();
        attempt = 0;
        if (queue.isEmpty()) {
            busy = false;
        } else {
            dispatch();
        }
    }

    synchronized SinkStatus status() {
        return new SinkStatus(sink.name(), sink.type(), sent, failed, dropped, queue.size(), lastResult, lastAt,
                lastDetail);
    }

    /** Stops delivery: waiting messages are counted as dropped; a try in flight ends on its own (sink timeout). */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            retryTimer.cancel();
            int waiting = queue.size();
            queue.clear();
            if (waiting > 0) {
                dropped += waiting;
                lastResult = "dropped";
                lastAt = time.clock().instant();
                lastDetail = waiting + " message(s) waiting when the watchdog stopped";
            }
        }
        sink.close();
    }
}
