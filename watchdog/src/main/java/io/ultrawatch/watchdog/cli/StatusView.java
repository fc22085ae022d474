package io.ultrawatch.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code status.json} as {@code ultrawatch status} shows it. Its own class so that {@link StatusCommand}, which
 * picocli builds (and reflects on) in every JVM of ours, the running watchdog's too, names no jackson-databind type:
 * only the short-lived status command loads databind.
 */
final class StatusView {
    private final JsonNode doc;

    private StatusView(JsonNode doc) {
        this.doc = doc;
    }

    static StatusView read(Path file) throws IOException {
        return new StatusView(new ObjectMapper().readTree(file.toFile()));
    }

    /** The document as it is, indented. */
    String json() throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    }

    Duration heartbeatAge(Instant now) {
        try {
            return Duration.between(Instant.parse(doc.path("watchdog").path("heartbeat_at").asText()), now);
        } catch (DateTimeParseException e) {
            return Duration.ofDays(1);
        }
    }

    boolean allRunning() {
        boolean allRunning = true;
        for (JsonNode b : doc.path("bots")) {
            allRunning &= "RUNNING".equals(b.path("state").asText());
        }
        return allRunning;
    }

    void print(PrintWriter out, long pid, Duration age) {
        JsonNode w = doc.path("watchdog");
        out.printf("ultrawatch %s, pid %d, heartbeat %.1f s ago, config %s%n", w.path("version").asText(), pid,
                age.toMillis() / 1000.0, w.path("config").asText());
        if (!w.path("config_error").isNull() && !w.path("config_error").isMissingNode()) {
            out.println("config error (the previous config still runs): " + w.path("config_error").asText());
        }
        String format = "%-16s %-9s %-8s %-9s %-8s %-9s %s%n";
        out.printf(format, "BOT", "STATE", "PID", "UPTIME", "RESTARTS", "MEMORY", "LAST RESTART");
        for (JsonNode b : doc.path("bots")) {
            JsonNode lr = b.path("last_restart");
            String last = lr.isObject() ? lr.path("at").asText() + " " + lr.path("reason").asText() + " ("
                    + lr.path("detail").asText() + ")" : "-";
            String memory = b.path("memory_mb").isNumber() ? Math.round(b.path("memory_mb").asDouble()) + " MB" : "-";
            out.printf(format, b.path("name").asText(), b.path("state").asText(),
                    b.path("pid").isNumber() ? b.path("pid").asText() : "-",
                    StatusCommand.uptime(b.path("uptime_seconds").asDouble()), b.path("restarts_total").asText(),
                    memory, last);
        }
    }
}
