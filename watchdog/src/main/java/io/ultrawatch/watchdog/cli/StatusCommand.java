package io.ultrawatch.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ultrawatch.watchdog.process.PidFile;
import io.ultrawatch.watchdog.process.WatchdogLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reads {@code status/status.json} and the watchdog's pid file rather than calling the API, so it works while the
 * control server is disabled, and tells "not running" from "hung" (a live pid whose heartbeat stopped).
 */
@Command(name = "status", description = "Shows the watchdog and every bot: state, pid, uptime, restarts, memory.",
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:every bot is running",
                "1:some bot is not running (starting, backing off, stopped)",
                "3:the watchdog is not running, or hung (its heartbeat is stale)"})
final class StatusCommand implements Callable<Integer> {
    /** A heartbeat older than this many status intervals (and at least 3 s) means a hung watchdog. */
    static final int STALE_INTERVALS = 5;
    static final Duration MIN_STALE = Duration.ofSeconds(3);

    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Option(names = "--json", description = "Print status.json as it is (exit codes as without).")
    boolean json;

    /** The CLI's only clock, for the heartbeat's age. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Target.Dirs dirs = target.resolve(err);
        Path statusDir = dirs.statusDir();
        Optional<PidFile.Entry> watchdog = WatchdogLock.pidFile(statusDir).read().filter(PidFile.Entry::isAlive);
        if (watchdog.isEmpty()) {
            boolean deliberately = Files.exists(statusDir.resolve("STOPPED"));
            err.println("ultrawatch is not running" + (deliberately ? " (stopped on purpose: " + statusDir
                    .resolve("STOPPED") + " is present)" : "") + ". Start it with scripts/start_ultra_reliable_bot.sh");
            return Main.EXIT_NOT_RUNNING;
        }
        Path file = statusDir.resolve("status.json");
        if (!Files.exists(file)) {
            err.println("The watchdog (pid " + watchdog.get().pid() + ") runs but has not written " + file
                    + " yet; try again in a second");
            return Main.EXIT_REFUSED;
        }
        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        Duration age = heartbeatAge(doc, clock.instant());
        Duration max = dirs.statusInterval().multipliedBy(STALE_INTERVALS);
        max = max.compareTo(MIN_STALE) < 0 ? MIN_STALE : max;
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            print(out, doc, watchdog.get().pid(), age);
        }
        if (age.compareTo(max) > 0) {
            err.println("The watchdog (pid " + watchdog.get().pid() + ") is not responding: its heartbeat is "
                    + age.toSeconds() + " s old (limit " + max.toSeconds() + " s). cron's ensure-running restarts a"
                    + " hung watchdog; see logs/watchdog.log");
            return Main.EXIT_NOT_RUNNING;
        }
        boolean allRunning = true;
        for (JsonNode b : doc.path("bots")) {
            allRunning &= "RUNNING".equals(b.path("state").asText());
        }
        return allRunning ? 0 : Main.EXIT_REFUSED;
    }

    private static Duration heartbeatAge(JsonNode doc, Instant now) {
        try {
            return Duration.between(Instant.parse(doc.path("watchdog").path("heartbeat_at").asText()), now);
        } catch (DateTimeParseException e) {
            return Duration.ofDays(1);
        }
    }

    private static void print(PrintWriter out, JsonNode doc, long pid, Duration age) {
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
                    uptime(b.path("uptime_seconds").asDouble()), b.path("restarts_total").asText(), memory, last);
        }
    }

    static String uptime(double seconds) {
        long s = (long) seconds;
        if (s <= 0) {
            return "-";
        }
        return s >= 86400 ? s / 86400 + "d" + s % 86400 / 3600 + "h" : s >= 3600 ? s / 3600 + "h" + s % 3600 / 60 + "m"
                : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
