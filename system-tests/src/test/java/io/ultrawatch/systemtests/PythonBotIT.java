package io.ultrawatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrawatch.systemtests.UltrawatchRoot.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people this is for mostly run Python bots that serve no HTTP. Through the real start script and one
 * watchdog.yml: the example Python bot (examples/python-bot, on the stdlib helper) whose asyncio loop blocks is
 * restarted for its failed health; its DEGRADED answer keeps it running for health.degraded_grace and no longer; a
 * {@code type: none} bot is RUNNING once up and restarted when it exits; a {@code type: file} bot is restarted when it
 * stops touching its heartbeat file.
 */
class PythonBotIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEGRADED_GRACE = Duration.ofSeconds(6);

    @TempDir
    Path tmp;

    private static JsonNode bot(JsonNode status, String name) {
        for (JsonNode b : status.path("bots")) {
            if (name.equals(b.path("name").asText())) {
                return b;
            }
        }
        return JSON.createObjectNode();
    }

    private static boolean running(JsonNode status, String name) {
        return "RUNNING".equals(bot(status, name).path("state").asText());
    }

    private static long pid(JsonNode status, String name) {
        return bot(status, name).path("pid").asLong();
    }

    /** The events of {@code bot} of {@code kind}, as JSON, from logs/events.jsonl. */
    private static List<JsonNode> events(UltrawatchRoot root, String bot, String kind) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : Files.readAllLines(root.path("logs/events.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            if (bot.equals(e.path("bot").asText()) && kind.equals(e.path("kind").asText())) {
                found.add(e);
            }
        }
        return found;
    }

    @Test
    void pythonBotAndBotsWithoutHttpAreEachCheckedAsTheirTypePromises() throws Exception {
        int port = UltrawatchRoot.freePort();
        // Inside the installation's folder: UltrawatchRoot.close() kills every process whose command line names it, so
        // the Python bot (which runs in examples/python-bot) is found by its control file's path.
        Path root = tmp.toRealPath().resolve("root");
        Path control = root.resolve("python-control");
        Path beat = root.resolve("beat");
        // The beater named by its pid stops beating (its replacement, a new pid, beats again).
        String stopBeating = root.resolve("stop-").toString();
        Path example = UltrawatchRoot.repo().resolve("examples/python-bot");
        String bots = "  - name: python-bot\n"
                + "    command: ['python3', '-u', 'bot.py', '--control-file', '" + control + "', '--port', '" + port
                + "', '--heartbeat-max-age', '3']\n"
                + "    working_dir: " + example + "\n"
                + "    health:\n"
                + "      url: http://127.0.0.1:" + port + "/health\n"
                + "      interval: 500ms\n      timeout: 1s\n      failure_threshold: 2\n      stop_grace: 1s\n"
                + "      degraded_grace: " + DEGRADED_GRACE.toSeconds() + "s\n"
                + "  - name: plain\n"
                + "    command: ['sleep', '3600']\n"
                + "    health: {type: none, startup_grace: 1s}\n"
                + "  - name: beater\n"
                + "    command: ['sh', '-c', 'while [ ! -e " + stopBeating + "$$ ]; do touch " + beat + "; sleep 0.2;"
                + " done; exec sleep 3600']\n"
                + "    health: {type: file, path: '" + beat + "', max_age: 2s, interval: 500ms, failure_threshold: 2}\n";
        try (UltrawatchRoot suite = UltrawatchRoot.create(tmp, bots)) {
            Result start = suite.run("scripts/start_ultra_reliable_bot.sh", "--no-wait");
            assertThat(start.exit()).as("%s", start).isZero();
            JsonNode up = suite.awaitStatus("every bot RUNNING", s -> running(s, "demo") && running(s, "python-bot")
                    && running(s, "plain") && running(s, "beater"));

            // type none: process supervision only; its exit is seen and it starts again.
            long plain = pid(up, "plain");
            ProcessHandle.of(plain).orElseThrow().destroyForcibly();
            suite.awaitStatus("plain restarted after its exit", s -> running(s, "plain") && pid(s, "plain") != plain
                    && "exited".equals(bot(s, "plain").path("last_restart").path("reason").asText()));

            // type file: the bot stops touching its heartbeat file; its process lives on, and is replaced.
            long beater = pid(up, "beater");
            Files.writeString(Path.of(stopBeating + beater), "");
            JsonNode replaced = suite.awaitStatus("beater restarted for a stale heartbeat file",
                    s -> pid(s, "beater") != beater && "health_check_failed".equals(
                            bot(s, "beater").path("last_restart").path("reason").asText()));
            assertThat(ProcessHandle.of(beater).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            suite.awaitStatus("beater RUNNING again", s -> running(s, "beater"));
            assertThat(bot(replaced, "demo").path("restarts_total").asInt()).as("the others untouched").isZero();

            // The seeds' own failure: the asyncio loop blocks (bot.run() that never returns); the process is alive.
            long python = pid(up, "python-bot");
            Instant blocked = Instant.now();
            Files.writeString(control, "block-loop:600\n");
            JsonNode restarted = suite.awaitStatus("python-bot restarted for failed health",
                    s -> running(s, "python-bot") && pid(s, "python-bot") != python);
            assertThat(bot(restarted, "python-bot").path("last_restart").path("reason").asText())
                    .isEqualTo("health_check_failed");
            Figures.record("python bot: loop blocked -> restart decided (ms; heartbeat max age 3 s, 2 x 500 ms"
                    + " probes)", Long.toString(Duration.between(blocked, Instant.parse(bot(restarted, "python-bot")
                    .path("last_restart").path("at").asText())).toMillis()));

            // DEGRADED (a gateway drop the library would RESUME): kept running for the grace, then restarted.
            long second = pid(restarted, "python-bot");
            Files.writeString(control, "degraded\n");
            JsonNode degraded = suite.awaitStatus("python-bot degraded", s -> !bot(s, "python-bot").path("ready")
                    .asBoolean(true) && running(s, "python-bot"));
            assertThat(bot(degraded, "python-bot").path("degraded_since").isTextual()).isTrue();
            suite.awaitStatus("python-bot restarted after its degraded grace", s -> pid(s, "python-bot") != second
                    && running(s, "python-bot"));
            JsonNode restart = events(suite, "python-bot", "restart").stream()
                    .filter(e -> e.path("message").asText().contains("degraded for")).findFirst().orElseThrow();
            Instant restartAt = Instant.parse(restart.path("at").asText());
            Instant degradedAt = events(suite, "python-bot", "degraded").stream()
                    .map(e -> Instant.parse(e.path("at").asText())).filter(t -> t.isBefore(restartAt))
                    .max(Instant::compareTo).orElseThrow();
            assertThat(Duration.between(degradedAt, restartAt)).as("not restarted within health.degraded_grace")
                    .isGreaterThanOrEqualTo(DEGRADED_GRACE);
        }
    }
}
