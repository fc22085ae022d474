package io.ultrawatch.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

/**
 * How {@code ultrawatch events} prints an event: one aligned line, or its JSON. Its own class so that
 * {@link EventsCommand}, which picocli builds (and reflects on) in every JVM of ours, the running watchdog's too, holds
 * and names no jackson-databind type: only the short-lived events command loads databind.
 */
final class EventLines {
    private final ObjectMapper mapper = new ObjectMapper();
    private final boolean json;

    /** @param json print each event as its JSON line */
    EventLines(boolean json) {
        this.json = json;
    }

    /** An event as {@link io.ultrawatch.watchdog.eventlog.EventLogReader} reads it. */
    void print(PrintWriter out, Map<String, Object> event) {
        JsonNode e = mapper.valueToTree(event);
        printNode(out, e);
    }

    /** A line of events.jsonl, when it is JSON and (with {@code bot}) that bot's. */
    void printLine(PrintWriter out, String line, String bot) {
        try {
            JsonNode e = mapper.readTree(line);
            if (bot == null || bot.equals(e.path("bot").asText(null))) {
                printNode(out, e);
            }
        } catch (IOException ex) {
            // not a JSON line: skip it
        }
    }

    private void printNode(PrintWriter out, JsonNode e) {
        if (json) {
            out.println(e.toString());
            return;
        }
        String who = e.path("bot").isTextual() ? e.path("bot").asText() : "watchdog";
        String kind = e.path("kind").asText() + (e.path("reason").isTextual() ? "(" + e.path("reason").asText() + ")"
                : "");
        out.printf("%-24s %-12s %-26s %s%n", e.path("at").asText(), who, kind, e.path("message").asText());
    }
}
