package io.ultrawatch.watchdog.it;

import static io.ultrawatch.watchdog.it.LiveWatchdog.WAIT;
import static io.ultrawatch.watchdog.it.LiveWatchdog.alive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog as a real child JVM, killed with SIGKILL: its bot lives on and the next watchdog adopts it. */
class AdoptionIT {
    @TempDir
    Path dir;
    private final List<Process> watchdogs = new ArrayList<>();
    private final List<Long> bots = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : watchdogs) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        for (long pid : bots) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Path writeConfig(int port) throws Exception {
        return WatchdogJvm.demoConfig(dir, port,
                "      interval: 300ms\n      timeout: 300ms\n      failure_threshold: 2\n", "");
    }

    private Process startWatchdog(Path config) throws Exception {
        Process p = WatchdogJvm.start(dir, config, java.util.Map.of());
        watchdogs.add(p);
        return p;
    }

    private JsonNode awaitStatus(String what, Predicate<JsonNode> condition) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Path f = dir.resolve("status/status.json");
            if (!Files.exists(f)) {
                return false;
            }
            JsonNode doc = json.readTree(f.toFile());
            seen.set(doc);
            return condition.test(doc);
        });
        return seen.get();
    }

    @Test
    void botOfAWatchdogKilledWithSigkillIsAdoptedByTheNextWatchdog() throws Exception {
        Path config = writeConfig(DemoBotCommand.freePort());
        Process first = startWatchdog(config);
        JsonNode running = awaitStatus("first watchdog runs the bot",
                d -> d.at("/watchdog/pid").asLong() == first.pid() && "RUNNING".equals(d.at("/bots/0/state").asText()));
        long bot = running.at("/bots/0/pid").asLong();
        bots.add(bot);

        first.destroyForcibly();   // SIGKILL: no shutdown hook runs
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(alive(bot)).as("the bot outlives its watchdog").isTrue();

        Process second = startWatchdog(config);
        JsonNode adopted = awaitStatus("second watchdog supervises the bot",
                d -> d.at("/watchdog/pid").asLong() == second.pid() && "RUNNING".equals(d.at("/bots/0/state").asText()));
        assertThat(adopted.at("/bots/0/pid").asLong()).isEqualTo(bot);
        assertThat(adopted.at("/bots/0/adopted").asBoolean()).isTrue();
        assertThat(alive(bot)).isTrue();
        String events = Files.readString(dir.resolve("logs/events.jsonl"));
        assertThat(events).contains("\"kind\":\"adopted\"");
        assertThat(events.split("\"kind\":\"starting\"", -1)).as("one start in all").hasSize(2);

        // The adopted bot is supervised like any other: a crash is seen and a new bot started.
        Files.writeString(dir.resolve("control"), "crash:5\n");
        JsonNode replaced = awaitStatus("a new bot after the adopted one crashed",
                d -> "RUNNING".equals(d.at("/bots/0/state").asText()) && d.at("/bots/0/pid").asLong() != bot);
        bots.add(replaced.at("/bots/0/pid").asLong());
        assertThat(replaced.at("/bots/0/last_restart/reason").asText()).isEqualTo("exited");

        // SIGTERM to the watchdog is a deliberate stop: it stops its bot, then exits.
        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(alive(replaced.at("/bots/0/pid").asLong())).isFalse();
        assertThat(json.readTree(dir.resolve("status/status.json").toFile()).at("/bots/0/state").asText())
                .isEqualTo("STOPPED");
    }

    /**
     * A notify bot keeps its socket path: the next watchdog binds the same path, and a bot that sends each message
     * with sendto (as sd_notify(3) does) reaches it without noticing; its beats keep it RUNNING, and when they stop,
     * the new watchdog restarts it at the deadline.
     */
    @Test
    void aNotifyBotIsAdoptedWithItsSocketPathAndItsBeatsReachTheNextWatchdog() throws Exception {
        Files.writeString(dir.resolve("bot.py"), String.join("\n",
                "import os, socket, time",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "while True:",
                "    if not os.path.exists('hang'):   # while it exists: alive and silent",
                "        try:",
                "            s.sendto(b'READY=1\\nWATCHDOG=1', os.environ['NOTIFY_SOCKET'])",
                "        except OSError:",
                "            pass   # between two watchdogs nobody listens",
                "    time.sleep(0.3)", ""));
        Path config = dir.resolve("watchdog.yml");
        Files.writeString(config, "watchdog:\n  status_interval: 200ms\n  control:\n    enabled: false\nbots:\n"
                + "  - name: demo\n    command: ['python3', 'bot.py']\n"
                + "    health: {type: notify, watchdog_interval: 2s}\n");
        Process first = startWatchdog(config);
        JsonNode running = awaitStatus("first watchdog runs the bot",
                d -> d.at("/watchdog/pid").asLong() == first.pid() && "RUNNING".equals(d.at("/bots/0/state").asText()));
        long bot = running.at("/bots/0/pid").asLong();
        bots.add(bot);
        Path socket = dir.resolve("status/notify/demo.sock");
        assertThat(socket).exists();

        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Process second = startWatchdog(config);
        awaitStatus("second watchdog supervises the bot", d -> d.at("/watchdog/pid").asLong() == second.pid()
                && "RUNNING".equals(d.at("/bots/0/state").asText()) && d.at("/bots/0/adopted").asBoolean());
        // Three deadlines later it is still the same process: the beats reach the new socket at the same path.
        await("the adopted bot through three deadlines").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20))
                .until(() -> json.readTree(dir.resolve("status/status.json").toFile()).at("/bots/0/pid").asLong()
                        == bot);
        assertThat(socket).exists();

        Files.writeString(dir.resolve("hang"), "");
        JsonNode restarted = awaitStatus("a restart after the adopted bot stopped beating",
                d -> "health_check_failed".equals(d.at("/bots/0/last_restart/reason").asText()));
        assertThat(restarted.at("/bots/0/last_restart/detail").asText()).startsWith("no WATCHDOG=1 for 2.");
        Files.delete(dir.resolve("hang"));   // the new process may say READY=1
        JsonNode replaced = awaitStatus("a new bot RUNNING",
                d -> "RUNNING".equals(d.at("/bots/0/state").asText()) && d.at("/bots/0/pid").asLong() != bot);
        bots.add(replaced.at("/bots/0/pid").asLong());

        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(socket).as("removed at the stop").doesNotExist();
    }

    @Test
    void secondWatchdogOnTheSameFoldersRefusesToStart() throws Exception {
        Path config = writeConfig(DemoBotCommand.freePort());
        Process first = startWatchdog(config);
        JsonNode running = awaitStatus("first watchdog runs the bot",
                d -> d.at("/watchdog/pid").asLong() == first.pid() && "RUNNING".equals(d.at("/bots/0/state").asText()));
        bots.add(running.at("/bots/0/pid").asLong());
        Process second = startWatchdog(config);
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as("EX_TEMPFAIL").isEqualTo(75);
        assertThat(Files.readString(dir.resolve("watchdog.console")))
                .contains("Another watchdog is already running (pid " + first.pid());
    }
}
