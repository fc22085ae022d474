package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.model.EventKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One message to people, independent of how a sink shapes it. Immutable.
 *
 * @param kind an event (or a fold of several), the daily digest, or a test
 * @param bot the bot it is about, or {@code null} for the watchdog or the digest
 * @param title one line: a chat message's first line, an e-mail's subject
 * @param text the rest, plain text with line breaks
 * @param level the most severe level among the events
 * @param at when it was made
 * @param events the events it stands for, as written to events.jsonl (at most {@link Fold#KEPT} of them)
 */
public record Notification(Kind kind, String bot, String title, String text, EventKind.Level level, Instant at,
                           List<Map<String, Object>> events) {
    public enum Kind {
        EVENT, DIGEST, TEST;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Notification {
        events = List.copyOf(events);
    }

    /** The generic JSON shape: the webhook sink's body and what an exec sink reads on stdin. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind.wireName());
        m.put("bot", bot);
        m.put("title", title);
        m.put("text", text);
        m.put("level", level.name().toLowerCase(Locale.ROOT));
        m.put("at", at.truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("events", events);
        return m;
    }
}
