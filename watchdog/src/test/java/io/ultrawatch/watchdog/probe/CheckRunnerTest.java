package io.ultrawatch.watchdog.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.LogConfig;
import io.ultrawatch.watchdog.config.MemoryConfig;
import io.ultrawatch.watchdog.config.RestartConfig;
import io.ultrawatch.watchdog.config.ScheduleConfig;
import io.ultrawatch.watchdog.config.StopConfig;
import io.ultrawatch.watchdog.time.SystemScheduler;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks for bots that serve no HTTP, against real sockets, real commands and real files. */
class CheckRunnerTest {
    private static final Duration TIMEOUT = Duration.ofMillis(800);

    @TempDir
    Path dir;
    private final SystemScheduler time = new SystemScheduler(1, "test-timer");
    private final CheckRunner checks = new CheckRunner(new HttpHealthProber(time, false), time,
            bot -> withPath(bot.env()));

    /** The bot's variables and a PATH, as the launcher's environment gives them (base, env, env file). */
    private static Map<String, String> withPath(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PATH", "/usr/bin:/bin");
        return all;
    }

    @AfterEach
    void stop() {
        checks.close();
        time.close();
    }

    private BotConfig bot(HealthCheck check) {
        return new BotConfig("bot", List.of("true"), dir, Map.of("BOT_SETTING", "from-env"), null,
                HealthConfig.DEFAULTS.withCheck(check).withTimeout(TIMEOUT), MemoryConfig.DEFAULTS,
                RestartConfig.DEFAULTS, StopConfig.DEFAULTS, ScheduleConfig.DEFAULTS, null, null, LogConfig.DEFAULTS);
    }

    private ProbeResult check(HealthCheck check) throws Exception {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        checks.check(bot(check), result::complete);
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aListeningPortIsHealthyAClosedOneIsNot() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(check(new HealthCheck.Tcp("127.0.0.1", port)).ok()).isTrue();
        }
        ProbeResult refused = check(new HealthCheck.Tcp("127.0.0.1", port));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).isEqualTo("connection refused on 127.0.0.1:" + port);
    }

    @Test
    void aCommandThatExitsZeroIsHealthyTwoIsDegradedAnythingElseFailsWithItsLastOutput() throws Exception {
        assertThat(check(new HealthCheck.Exec(List.of("sh", "-c", "test \"$BOT_SETTING\" = from-env && exit 0"))))
                .as("run in the bot's environment").extracting(ProbeResult::ok).isEqualTo(true);
        assertThat(check(new HealthCheck.Exec(List.of("sh", "-c", "test -z \"$JAVA_HOME$MAVEN_OPTS$HOME\""))).ok())
                .as("and nothing of the watchdog's").isTrue();
        ProbeResult degraded = check(new HealthCheck.Exec(List.of("sh", "-c", "echo gateway resuming; exit 2")));
        assertThat(degraded.ok()).isTrue();
        assertThat(degraded.degraded()).isTrue();
        assertThat(degraded.error()).isEqualTo("gateway resuming");
        ProbeResult failed = check(new HealthCheck.Exec(List.of("sh", "-c",
                "for i in $(seq 1 500); do echo line $i; done; echo last words >&2; exit 3")));
        assertThat(failed.ok()).isFalse();
        assertThat(failed.status()).isEqualTo(3);
        assertThat(failed.error()).startsWith("health command exited 3: ").endsWith("line 500 last words")
                .hasSizeLessThan(ExecCheck.OUTPUT_TAIL + 40);
    }

    @Test
    void aCommandStillRunningAtTheTimeoutIsKilledWithItsChildren() throws Exception {
        Path pids = dir.resolve("pids");
        long started = System.nanoTime();
        ProbeResult hung = check(new HealthCheck.Exec(List.of("sh", "-c",
                "sleep 600 & echo $! > " + pids + "; echo waiting; wait")));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(hung.ok()).isFalse();
        assertThat(hung.error()).isEqualTo("health command still running after 800 ms: killed: waiting");
        long child = Long.parseLong(Files.readString(pids).strip());
        org.awaitility.Awaitility.await("the check's child gone").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aCommandThatCannotRunFailsWithoutAnException() throws Exception {
        ProbeResult r = check(new HealthCheck.Exec(List.of(dir.resolve("no-such-check").toString())));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).startsWith("health command " + dir.resolve("no-such-check") + " could not run");
    }

    @Test
    void aHeartbeatFileMustBeYoungerThanItsMaxAge() throws Exception {
        Path beat = dir.resolve("heartbeat");
        HealthCheck.File check = new HealthCheck.File(beat, Duration.ofSeconds(30));
        ProbeResult missing = check(check);
        assertThat(missing.ok()).isFalse();
        assertThat(missing.error()).isEqualTo("heartbeat file " + beat + " does not exist (yet)");
        Files.writeString(beat, "");
        assertThat(check(check).ok()).isTrue();
        Files.setLastModifiedTime(beat, FileTime.from(Instant.now().minusSeconds(45)));
        ProbeResult stale = check(check);
        assertThat(stale.ok()).isFalse();
        assertThat(stale.error()).matches("heartbeat file heartbeat last touched 4\\d\\.\\d s ago, max 30\\.0 s");
    }
}
