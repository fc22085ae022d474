package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * ultrawatch: {@code java $ULTRA_JVM_OPTS -jar ultrawatch.jar run --config FILE}, with MALLOC_ARENA_MAX=2 as
 * scripts/lib/common.sh starts it. Restart request: the bot's restart flag file. Stop request: SIGTERM to the
 * watchdog (the control server is off, so that is the stop a user has).
 */
final class UltrawatchTool extends Tool {
    /** Extra JVM flags for a profiling run (JFR, GC log), from --ultra-jvm-extra. */
    static List<String> extraJvm = List.of();
    /** Notification sinks that never deliver, from --ultra-broken-sinks; null when not asked for. */
    static BrokenSinks brokenSinks;

    UltrawatchTool(Path dir, Env env) {
        super("ultrawatch", dir, env);
    }

    Path config() {
        return dir.resolve("watchdog.yml");
    }

    Path statusFile() {
        return dir.resolve("status/status.json");
    }

    Path eventsFile() {
        return dir.resolve("logs/events.jsonl");
    }

    @Override
    String writeConfig(List<BotSpec> bots, Profile p) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("watchdog:\n")
                .append("  status_dir: ").append(dir.resolve("status")).append('\n')
                .append("  log_dir: ").append(dir.resolve("logs")).append('\n');
        if (p.statusIntervalMs() != null) {
            y.append("  status_interval: ").append(Effective.ms(p.statusIntervalMs())).append('\n');
        }
        // Off in every profile: its default port (8000) is not the bench's to take, and no scenario uses it.
        y.append("  control: {enabled: false}\n")
                .append("bots:\n");
        for (BotSpec b : bots) {
            List<String> health = new ArrayList<>();
            if (p.notifyCheck()) {
                // As a user writes it: the interval, timeout and threshold of a probe mean nothing to a bot that
                // is not polled. The bot still serves /health, for the harness only.
                health.add("type: notify");
                health.add("watchdog_interval: " + Effective.ms(p.notifyWatchdogMs()));
            } else {
                health.add("url: \"http://127.0.0.1:" + b.port() + "/health\"");
                health.add("interval: " + Effective.ms(p.probeIntervalMs()));
                optMs(health, "timeout", p.probeTimeoutMs());
                opt(health, "failure_threshold", p.probeFailures());
            }
            optMs(health, "startup_timeout", p.startupTimeoutS() == null ? null : p.startupTimeoutS() * 1000);
            optMs(health, "stop_grace", p.healthStopGraceMs());
            List<String> memory = new ArrayList<>();
            memory.add("max_mb: " + Profile.MEMORY_LIMIT_MB);
            optMs(memory, "sample_interval", p.memorySampleMs());
            opt(memory, "consecutive_samples", p.memorySamples());
            y.append("  - name: ").append(b.name()).append('\n')
                    .append("    command: [").append(b.command().stream().map(Tool::q)
                            .collect(Collectors.joining(", "))).append("]\n")
                    .append("    working_dir: ").append(b.dir()).append('\n')
                    .append("    health: {").append(String.join(", ", health)).append("}\n")
                    .append("    memory: {").append(String.join(", ", memory)).append("}\n");
            if (p.fastRestart()) {
                y.append("    restart: {backoff_base: 0s, backoff_factor: 2.0, backoff_max: 1s, jitter: 0,"
                        + " stable_after: 5s}\n");
            }
            if (p.stopGraceS() != null) {
                y.append("    stop: {signal: TERM, grace: ").append(p.stopGraceS()).append("s}\n");
            }
            if (p.restartFlag()) {
                y.append("    restart_flag_file: ").append(b.flagFile()).append('\n');
            }
        }
        if (brokenSinks != null) {
            // min_interval 0: every failure restart is a message, the most a sink can be asked to carry.
            y.append("notify:\n  min_interval: 0s\n  sinks:\n")
                    .append("    - {name: dead, type: webhook, url_env: ").append(BrokenSinks.DEAD_VARIABLE)
                    .append("}\n")
                    .append("    - {name: slow, type: webhook, url_env: ").append(BrokenSinks.SLOW_VARIABLE)
                    .append(", timeout: 60s}\n");
        }
        Files.writeString(config(), y.toString());
        return y.toString();
    }

    /** key: value, only when the profile sets it (else the watchdog's default applies). */
    private static void opt(List<String> keys, String key, Integer value) {
        if (value != null) {
            keys.add(key + ": " + value);
        }
    }

    /** A duration key in the watchdog's syntax (250ms, 1s, 1.5s), only when the profile sets it. */
    private static void optMs(List<String> keys, String key, Integer ms) {
        if (ms != null) {
            keys.add(key + ": " + Effective.ms(ms));
        }
    }

    @Override
    Budget budget(Profile p) {
        String grace = p.stopGraceS() == null ? "the default stop.grace" : p.stopGraceS() + " s";
        String healthGrace = p.healthStopGraceMs() == null ? "" : p.healthStopGraceMs() == 1000L * orZero(p.stopGraceS())
                ? " (a stop for failed health too)" : " (" + Effective.ms(p.healthStopGraceMs())
                + " when stopped for failed health: health.stop_grace)";
        return new Budget(Effective.ms(p.probeIntervalMs()) + " (health.interval; 200 ms while starting)",
                p.probeTimeoutMs() == null ? "default" : Effective.ms(p.probeTimeoutMs()) + " (health.timeout)",
                (p.probeFailures() == null ? "default" : p.probeFailures().toString()) + " (health.failure_threshold)",
                "every " + (p.memorySampleMs() == null ? "default" : Effective.ms(p.memorySampleMs())) + ", "
                        + (p.memorySamples() == null ? "default" : p.memorySamples()) + " sample(s) (memory.max_mb "
                        + Profile.MEMORY_LIMIT_MB + ")",
                "SIGTERM to the bot's tree, SIGKILL after " + grace + healthGrace,
                (p.startupTimeoutS() == null ? "default" : p.startupTimeoutS() + " s") + " (health.startup_timeout;"
                        + " probed from spawn)");
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    /** From the watchdog's own "healthy" event for the bot's pid (its first passing probe), plus the margin. */
    @Override
    Settle settle(Profile p) {
        return new Settle("events.jsonl: healthy for the bot's pid", Settle.MARGIN_MS,
                "margin: at least one probe interval after its first passing probe");
    }

    @Override
    OptionalLong settleReferenceMs(BotSpec bot, long pid) throws IOException {
        if (!Files.exists(eventsFile())) {
            return OptionalLong.empty();
        }
        return healthyAt(Files.readAllLines(eventsFile()), pid);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One line of the watchdog's events.jsonl, the fields the bench reads.
     *
     * @param atMs   when the watchdog made it (its clock at the decision, truncated to the ms)
     * @param reason the restart reason's wire name, or null
     */
    record EventLine(String kind, long pid, long atMs, String reason, String message) {
    }

    /** The time of the first {@code healthy} event of {@code pid} in events.jsonl lines. */
    static OptionalLong healthyAt(List<String> lines, long pid) {
        return firstEvent(lines, "healthy", pid).map(e -> OptionalLong.of(e.atMs())).orElse(OptionalLong.empty());
    }

    /** The first event of {@code kind} for {@code pid} in events.jsonl lines. */
    static Optional<EventLine> firstEvent(List<String> lines, String kind, long pid) {
        String quoted = "\"" + kind + "\"";
        for (String l : lines) {
            if (!l.contains(quoted)) {
                continue;
            }
            try {
                JsonNode e = JSON.readTree(l);
                if (kind.equals(e.path("kind").asText()) && e.path("pid").asLong() == pid) {
                    return Optional.of(new EventLine(kind, pid, Instant.parse(e.path("at").asText()).toEpochMilli(),
                            e.path("reason").isTextual() ? e.path("reason").asText() : null,
                            e.path("message").asText()));
                }
            } catch (IOException | RuntimeException e) {
                // A line being written (no newline yet) or not an event: the next poll reads it whole.
            }
        }
        return Optional.empty();
    }

    /** Waits up to {@code timeoutMs} for the first event of {@code kind} for {@code pid}, reading events.jsonl. */
    Optional<EventLine> awaitEvent(String kind, long pid, long timeoutMs) throws IOException {
        long end = Clock.nowMs() + timeoutMs;
        while (true) {
            // Decoded leniently: the last line may end inside a character the logger is still writing.
            Optional<EventLine> e = Files.exists(eventsFile()) ? firstEvent(new String(
                    Files.readAllBytes(eventsFile()), StandardCharsets.UTF_8).lines().toList(), kind, pid)
                    : Optional.empty();
            if (e.isPresent() || Clock.nowMs() > end) {
                return e;
            }
            Clock.sleepMs(Trial.POLL_MS);
        }
    }

    @Override
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(env.java());
        cmd.addAll(env.jvmOpts());
        cmd.addAll(extraJvm);
        cmd.addAll(List.of("-jar", env.jar().toString(), "run", "--config", config().toString()));
        return cmd;
    }

    @Override
    void customize(ProcessBuilder pb) {
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        if (brokenSinks != null) {
            pb.environment().putAll(brokenSinks.variables());
        }
    }

    @Override
    void requestRestart(BotSpec bot) throws IOException {
        Files.writeString(bot.flagFile(), "bench\n");
    }

    @Override
    void requestStop(BotSpec bot) {
        process.destroy();
    }
}
