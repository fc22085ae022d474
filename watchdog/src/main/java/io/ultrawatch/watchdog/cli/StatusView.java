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
 * only the short-lived status command loads databind. Display only: the exit code comes from {@code status/heartbeat}.
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

    /** "up 2m15s, heartbeat 0.3 s ago, version 0.1.0, config watchdog.yml". */
    String summary(Duration heartbeatAge, Instant now) {
        JsonNode w = doc.path("watchdog");
        return "up " + StatusCommand.uptime(since(w.path("started_at"), now)) + ", heartbeat "
                + StatusCommand.seconds(heartbeatAge) + " ago, version " + w.path("version").asText() + ", config "
                + w.path("config").asText();
    }

    void print(PrintWriter out, Instant now) {
        JsonNode w = doc.path("watchdog");
        if (!w.path("config_error").isNull() && !w.path("config_error").isMissingNode()) {
            out.println("  config problem (the previous config still runs): " + w.path("config_error").asText());
        }
        String format = "%-16s %-9s %-8s %-9s %-9s %-14s %s%n";
        out.printf(format, "BOT", "STATE", "PID", "UPTIME", "RESTARTS", "MEMORY", "LAST RESTART / NOTE");
        boolean adopted = false;
        for (JsonNode b : doc.path("bots")) {
            String pid = b.path("pid").isNumber() ? b.path("pid").asText() : "-";
            if (b.path("adopted").asBoolean()) {
                pid += "*";
                adopted = true;
            }
            String memory = "-";
            if (b.path("memory_mb").isNumber()) {
                long limit = b.path("memory_limit_mb").asLong();
                memory = Math.round(b.path("memory_mb").asDouble()) + (limit > 0 ? "/" + limit : "") + "MB";
            }
            out.printf(format, b.path("name").asText(), b.path("state").asText(), pid,
                    StatusCommand.uptime(b.path("uptime_seconds").asDouble()), b.path("restarts_total").asText(),
                    memory, note(b, now));
        }
        if (doc.path("bots").isEmpty()) {
            out.println("(no bots configured)");
        }
        if (adopted) {
            out.println("(* adopted: started by an earlier watchdog)");
        }
    }

    /** Why a bot is not fine, then its last restart: what a person looks at first. */
    private static String note(JsonNode b, Instant now) {
        StringBuilder s = new StringBuilder();
        JsonNode probe = b.path("last_probe");
        if (probe.isObject() && !probe.path("ok").asBoolean(true)) {
            s.append("probe failing: ").append(probe.has("error") ? probe.path("error").asText()
                    : "status " + probe.path("status").asText("?")).append("; ");
        }
        if (b.path("crash_looping").asBoolean()) {
            s.append("CRASH LOOPING; ");
        }
        if (b.path("status_text").isTextual()) {
            s.append("says \"").append(b.path("status_text").asText()).append("\"; ");
        }
        if ("BACKOFF".equals(b.path("state").asText())) {
            double wait = -since(b.path("next_start_at"), now);
            s.append("next start in ").append(StatusCommand.uptime(Math.max(1, wait))).append("; ");
        }
        JsonNode lr = b.path("last_restart");
        if (lr.isObject()) {
            s.append(lr.path("reason").asText()).append(" (").append(lr.path("detail").asText()).append(") ")
                    .append(StatusCommand.uptime(since(lr.path("at"), now))).append(" ago");
        }
        String note = s.toString().strip();
        return note.endsWith(";") ? note.substring(0, note.length() - 1) : note.isEmpty() ? "-" : note;
    }

    /** Seconds from an ISO time in the document to now; 0 when absent or unparsable. */
    private static double since(JsonNode time, Instant now) {
        try {
            return time.isTextual() ? Duration.between(Instant.parse(time.asText()), now).toMillis() / 1000.0 : 0;
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
