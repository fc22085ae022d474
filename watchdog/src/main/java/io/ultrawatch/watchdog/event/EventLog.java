package io.ultrawatch.watchdog.event;

import io.ultrawatch.watchdog.json.Json;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every event twice: its message as a line of {@code watchdog.log} for people to grep, and as one JSON object
 * a line of {@code events.jsonl} (through the logger {@code ultrawatch.events}, which rotates it).
 */
public final class EventLog implements EventListener {
    private static final Logger human = LoggerFactory.getLogger("ultrawatch");
    private static final Logger machine = LoggerFactory.getLogger("ultrawatch.events");

    @Override
    public void onEvent(WatchdogEvent e) {
        switch (e.kind().level()) {
            case ERROR -> human.error(e.message());
            case WARN -> human.warn(e.message());
            default -> human.info(e.message());
        }
        try {
            machine.info(Json.string(toJson(e)));
        } catch (RuntimeException ex) {
            human.warn("Cannot write event {} as JSON: {}", e.kind(), ex.getMessage());
        }
    }

    /** The JSON shape of an event, shared by events.jsonl and the API. */
    public static Map<String, Object> toJson(WatchdogEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("bot", e.bot());
        m.put("kind", e.kind().wireName());
        m.put("reason", e.reason() == null ? null : e.reason().wireName());
        m.put("message", e.message());
        m.putAll(e.details());
        return m;
    }
}
