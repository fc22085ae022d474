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

/** {@code ultrawatch run} as a real child JVM and the signals people and scripts send it: TERM and HUP. */
class RunSignalsIT {
    @TempDir
    Path dir;
    private final List<Process> watchdogs = new ArrayList<>();
    private final List<Long> bots = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : watchdogs) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (long pid : bots) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Path writeConfig(String... botArgs) throws Exception {
        return WatchdogJvm.demoConfig(dir, DemoBotCommand.freePort(), "      interval: 300ms\n", "", botArgs);
    }

    private Process startWatchdog(Path config) throws Exception {
        Process p = WatchdogJvm.start(dir, config, java.util.Map.of());
        watchdogs.add(p);
        return p;
    }

    /** Waits for the condition while the watchdog lives; fails at once when it exits. */
    private JsonNode awaitStatus(Process watchdog, String what, Predicate<JsonNode> condition) throws Exception {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!watchdog.isAlive()) {
                return true;
            }
            Path f = dir.resolve("status/status.json");
            if (!Files.exists(f)) {
                return false;
            }
            JsonNode doc = json.readTree(f.toFile());
            seen.set(doc);
            return condition.test(doc);
        });
        assertThat(watchdog.isAlive()).as("the watchdog is alive (it exited %s; console: %s)",
                watchdog.isAlive() ? "-" : watchdog.exitValue(), console()).isTrue();
        return seen.get();
    }

    private String console() throws Exception {
        Path f = dir.resolve("watchdog.console");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    @Test
    void sigtermStopsTheBotAndExitsZeroAsTheHelpSays() throws Exception {
        Process watchdog = startWatchdog(writeConfig());
        JsonNode running = awaitStatus(watchdog, "the bot RUNNING",
                d -> "RUNNING".equals(d.at("/bots/0/state").asText()));
        long bot = running.at("/bots/0/pid").asLong();
        bots.add(bot);

        kill("TERM", watchdog.pid());

        assertThat(watchdog.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(watchdog.exitValue()).as("exit code after SIGTERM (console: %s)", console()).isZero();
        assertThat(alive(bot)).as("the bot was stopped").isFalse();
        assertThat(json.readTree(dir.resolve("status/status.json").toFile()).at("/bots/0/state").asText())
                .isEqualTo("STOPPED");
    }

    @Test
    void aHangupDuringStartUpStopsNothingAndIsAnsweredOnceReady() throws Exception {
        // A bot that takes seconds to answer: the HUP lands while it is being started.
        Process watchdog = startWatchdog(writeConfig("--fault", "slow-boot:2"));
        Path pidFile = dir.resolve("status/watchdog.pid");
        // The pid file is written as soon as the lock is taken, before the watchdog builds its parts and starts bots.
        await("the watchdog's pid file").atMost(WAIT).pollInterval(Duration.ofMillis(1))
                .until(() -> Files.exists(pidFile) || !watchdog.isAlive());
        kill("HUP", watchdog.pid());

        JsonNode running = awaitStatus(watchdog, "the bot RUNNING",
                d -> "RUNNING".equals(d.at("/bots/0/state").asText()));
        bots.add(running.at("/bots/0/pid").asLong());
        assertThat(running.at("/bots/0/restarts_total").asInt()).as("the bot was never stopped").isZero();
        assertThat(running.at("/watchdog/pid").asLong()).isEqualTo(watchdog.pid());
        await("the queued reload in the log").atMost(WAIT).until(() -> Files.exists(dir.resolve("logs/watchdog.log"))
                && Files.readString(dir.resolve("logs/watchdog.log")).contains("SIGHUP arrived during start-up"));
    }
}
