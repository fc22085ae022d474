package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.EventLog;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The events of one bot that arrived while its sink was rate-limited, counted so that they make one message: "demo
 * restarted 7 times in 5m: exited ×5, health_check_failed ×2". Keeps counts of everything and the last
 * {@link #KEPT} events themselves, so a storm costs bounded memory. Not thread-safe (its {@link Coalescer} guards it).
 */
final class Fold {
    /** Events kept for the message's text and JSON; the counts cover all of them. */
    static final int KEPT = 10;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final String bot;
    private final Map<String, Integer> restartsByReason = new LinkedHashMap<>();
    private final Map<EventKind, Integer> others = new LinkedHashMap<>();
    private final Deque<WatchdogEvent> last = new ArrayDeque<>();
    private int count;
    private int restarts;
    private EventKind.Level level = EventKind.Level.INFO;

    Fold(String bot) {
        this.bot = bot;
    }

    void add(WatchdogEvent e) {
        count++;
        if (e.kind() == EventKind.RESTART) {
            restarts++;
            restartsByReason.merge(e.reason() == null ? "unknown" : e.reason().wireName(), 1, Integer::sum);
        } else {
            others.merge(e.kind(), 1, Integer::sum);
        }
        if (e.kind().level().compareTo(level) > 0) {
            level = e.kind().level();
        }
        last.addLast(e);
        if (last.size() > KEPT) {
            last.removeFirst();
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    /** The message for all events so far; {@code window} is the time they arrived in (the rate limit). */
    Notification toNotification(Duration window, Instant now) {
        String who = Messages.subject(bot);
        String in = " in " + Durations.format(window.withNanos(0).isZero() ? window : window.withNanos(0));
        List<String> parts = new ArrayList<>();
        String title;
        if (restarts > 0) {
            title = who + " restarted " + restarts + (restarts == 1 ? " time" : " times") + in + ": "
                    + counts(restartsByReason);
            if (!others.isEmpty()) {
                title += "; also " + counts(others);
            }
        } else {
            title = who + ": " + count + " events" + in + ": " + counts(others);
        }
        for (WatchdogEvent e : last) {
            parts.add(TIME.format(e.at()) + "  " + e.message());
        }
        if (count > last.size()) {
            parts.add(0, "(the last " + last.size() + " of " + count + ")");
        }
        List<Map<String, Object>> json = last.stream().map(EventLog::toJson).toList();
        return new Notification(Notification.Kind.EVENT, bot, title, String.join("\n", parts), level, now, json);
    }

    private static String counts(Map<?, Integer> counts) {
        return counts.entrySet().stream()
                .map(e -> (e.getKey() instanceof EventKind k ? k.wireName() : e.getKey()) + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
