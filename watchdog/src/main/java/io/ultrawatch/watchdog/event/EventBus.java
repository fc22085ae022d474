package io.ultrawatch.watchdog.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to every listener without letting any of them stall a supervisor: publishing only enqueues, and a
 * listener that throws is logged and skipped. Delivery order is publication order (one delivery executor).
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final Executor delivery;
    private final AtomicLong failures = new AtomicLong();

    /** @param delivery a single-threaded, bounded executor in production; {@code Runnable::run} in tests */
    public EventBus(Executor delivery) {
        this.delivery = delivery;
    }

    public void subscribe(EventListener listener) {
        listeners.add(listener);
    }

    public void publish(WatchdogEvent event) {
        try {
            delivery.execute(() -> deliver(event));
        } catch (RuntimeException e) {
            // A full queue drops the event: supervision matters more than a log line.
            failures.incrementAndGet();
        }
    }

    private void deliver(WatchdogEvent event) {
        for (EventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.warn("Event listener {} failed on {}: {}", l.getClass().getSimpleName(), event.kind(), e.toString());
            }
        }
    }

    /** Events dropped or listener calls that failed, for the metrics. */
    public long failures() {
        return failures.get();
    }
}
