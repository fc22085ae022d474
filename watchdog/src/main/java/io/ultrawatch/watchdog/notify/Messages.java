package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.EventLog;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import java.time.Instant;
import java.util.List;

/** The words of a notification for one event, and text helpers shared by the payload formats. Stateless. */
final class Messages {
    private Messages() {
    }

    /** Who a message is about: the bot, or "watchdog" for the watchdog's own events. */
    static String subject(String bot) {
        return bot == null ? "watchdog" : bot;
    }

    /** "demo: restart (exited)" as the title, the event's own line as the text. */
    static Notification single(WatchdogEvent e, Instant now) {
        String what = e.kind().wireName().replace('_', ' ');
        if (e.kind() == EventKind.RESTART && e.reason() != null) {
            what += " (" + e.reason().wireName() + ")";
        }
        return new Notification(Notification.Kind.EVENT, e.bot(), subject(e.bot()) + ": " + what, e.message(),
                e.kind().level(), now, List.of(EventLog.toJson(e)));
    }

    /** The test message of {@code ultrawatch notify test}. */
    static Notification test(String sink, Instant now) {
        return new Notification(Notification.Kind.TEST, null, "ultrawatch test message to " + sink,
                "If you read this, the sink '" + sink + "' works.", EventKind.Level.INFO, now, List.of());
    }

    /**
     * At most {@code max} characters (UTF-16 units, as Discord and Slack count), ending in "…" when cut, never
     * splitting a surrogate pair.
     */
    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
