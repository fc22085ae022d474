package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per bot at most one message per {@code min_interval} for one sink (Alertmanager's group_interval): the first event
 * after a quiet interval goes out at once; what arrives before the interval since the last message has passed is
 * {@link Fold folded} into one message sent when it has. Times are the scheduler's monotonic clock.
 *
 * <p>Thread-safe (events come from the bus thread, flushes from a timer thread).
 */
final class Coalescer {
    private final long minNanos;
    private final Scheduler time;
    private final Consumer<Notification> out;
    /** By bot; the key null is the watchdog's own events. */
    private final Map<String, Window> windows = new HashMap<>();
    private boolean closed;

    private static final class Window {
        boolean sentOnce;
        long lastSent;
        Fold fold;
        Cancellable timer = Cancellable.NONE;
    }

    Coalescer(Duration minInterval, Scheduler time, Consumer<Notification> out) {
        this.minNanos = minInterval.toNanos();
        this.time = time;
        this.out = out;
    }

    synchronized void add(WatchdogEvent e) {
        if (closed) {
            return;
        }
        long now = time.nanoTime();
        String bot = e.bot();
        Window w = windows.computeIfAbsent(bot, b -> new Window());
        if (w.fold == null && (!w.sentOnce || now - w.lastSent >= minNanos)) {
            w.sentOnce = true;
            w.lastSent = now;
            out.accept(Messages.single(e, time.clock().instant()));
            return;
        }
        if (w.fold == null) {
            w.fold = new Fold(bot);
            w.timer = time.schedule(() -> flush(bot), Duration.ofNanos(Math.max(0, w.lastSent + minNanos - now)));
        }
        w.fold.add(e);
    }

    private synchronized void flush(String bot) {
        Window w = windows.get(bot);
        if (closed || w == null || w.fold == null) {
            return;
        }
        Fold f = w.fold;
        w.fold = null;
        w.timer = Cancellable.NONE;
        long now = time.nanoTime();
        Duration window = Duration.ofNanos(now - w.lastSent);
        w.lastSent = now;
        out.accept(f.toNotification(window, time.clock().instant()));
    }

    /** Calls off the pending flushes; what they held is not sent. */
    synchronized void close() {
        closed = true;
        windows.values().forEach(w -> w.timer.cancel());
    }
}
