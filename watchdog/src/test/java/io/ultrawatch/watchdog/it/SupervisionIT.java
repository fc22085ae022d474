package io.ultrawatch.watchdog.it;

import io.ultrawatch.watchdog.model.Signal;
import static io.ultrawatch.watchdog.it.LiveWatchdog.WAIT;
import static io.ultrawatch.watchdog.it.LiveWatchdog.alive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.MemoryConfig;
import io.ultrawatch.watchdog.config.StopConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.process.PidFile;
import io.ultrawatch.watchdog.process.ProcStat;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.testing.TestBots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real watchdog keeping a real demo bot JVM alive through each kind of fault. */
class SupervisionIT {
    @TempDir
    Path dir;
    private LiveWatchdog live;

    @AfterEach
    void stopEverything() {
        if (live != null) {
            live.close();
        }
    }

    private LiveWatchdog watchdog() throws Exception {
        live = new LiveWatchdog(dir);
        return live;
    }

    private static BotSnapshot lastRestartIs(LiveWatchdog w, RestartReason reason) {
        return w.awaitDemo("a restart for " + reason, b -> b.lastRestart() != null
                && b.lastRestart().reason() == reason);
    }

    @Test
    void crashedBotIsReplacedByAHealthyNewProcess() throws Exception {
        LiveWatchdog w = watchdog();
        w.start(w.bot());
        long first = w.awaitRunning();
        w.inject("crash:3");
        long second = w.awaitRunningOtherThan(first);
        assertThat(alive(first)).isFalse();
        BotSnapshot s = w.demo();
        assertThat(s.lastRestart().reason()).isEqualTo(RestartReason.EXITED);
        assertThat(s.lastRestart().detail()).isEqualTo("exit code 3");
        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(dir.resolve("logs/demo.out.log"))).contains("pid=" + first, "pid=" + second);
    }

    @Test
    void botWhoseHealthSocketHangsIsRestarted() throws Exception {
        LiveWatchdog w = watchdog();
        w.start(w.bot());
        long first = w.awaitRunning();
        w.inject("hang-http");
        w.awaitRunningOtherThan(first);
        assertThat(w.demo().lastRestart().reason()).isEqualTo(RestartReason.HEALTH_CHECK_FAILED);
        assertThat(w.demo().lastRestart().detail()).contains("timeout after 300 ms");
        assertThat(alive(first)).isFalse();
    }

    @Test
    void botWhoseMainLoopHangsIsRestarted() throws Exception {
        LiveWatchdog w = watchdog();
        w.start(w.bot("--heartbeat-max-age", "1s"));
        long first = w.awaitRunning();
        w.inject("hang-main");
        w.awaitRunningOtherThan(first);
        assertThat(w.demo().lastRestart().reason()).isEqualTo(RestartReason.HEALTH_CHECK_FAILED);
        assertThat(w.demo().lastRestart().detail()).contains("HTTP 503");
    }

    @Test
    void botThatHangsOneSecondAfterItsFirstHealthyAnswerIsRestarted() throws Exception {
        LiveWatchdog w = watchdog();
        w.start(w.bot("--fault", "hang-http@1s"));
        long first = w.awaitRunning();
        BotSnapshot s = lastRestartIs(w, RestartReason.HEALTH_CHECK_FAILED);
        assertThat(s.restartsTotal()).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT).until(() -> !alive(first));
    }

    @Test
    void leakingBotIsRestartedAtTheMemoryLimit() throws Exception {
        LiveWatchdog w = watchdog();
        BotConfig bot = TestBots.bot("demo", DemoBotCommand.command("-Xmx512m", w.port, w.controlFile, w.flagFile),
                dir, w.flagFile);
        bot = TestBots.withHealth(bot, w.bot().health());
        bot = TestBots.withMemory(bot, new MemoryConfig(150, Duration.ofMillis(250), 2));
        w.start(bot);
        long first = w.awaitRunning();
        w.inject("leak:50");
        w.awaitRunningOtherThan(first);
        assertThat(w.demo().lastRestart().reason()).isEqualTo(RestartReason.MEMORY_LIMIT);
        assertThat(w.demo().lastRestart().detail()).matches("RSS \\d+ MB over the 150 MB limit for 2 samples");
        assertThat(w.events).anyMatch(e -> e.kind() == EventKind.MEMORY_HIGH);
    }

    @Test
    void botTooSlowToBootIsRestartedAtTheStartupTimeout() throws Exception {
        LiveWatchdog w = watchdog();
        BotConfig bot = w.bot("--fault", "slow-boot:30");
        bot = TestBots.withHealth(bot, new HealthConfig(bot.health().url(), Duration.ofMillis(300),
                Duration.ofMillis(300), 2, Duration.ofSeconds(2)));
        w.start(bot);
        BotSnapshot s = lastRestartIs(w, RestartReason.STARTUP_TIMEOUT);
        assertThat(s.lastRestart().detail()).startsWith("not healthy within 2s");
    }

    @Test
    void botIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
        LiveWatchdog w = watchdog();
        BotConfig bot = w.bot("--fault", "ignore-term");
        bot = new BotConfig(bot.name(), bot.command(), bot.workingDir(), bot.env(), bot.envFile(), bot.health(),
                bot.memory(), bot.restart(), new StopConfig(Signal.TERM, Duration.ofSeconds(1)), bot.schedule(),
                bot.restartFlagFile(), bot.reloadSignal(), bot.log());
        w.start(bot);
        long pid = w.awaitRunning();
        w.watchdog().supervisor("demo").orElseThrow().stop().get();
        assertThat(alive(pid)).isFalse();
        assertThat(w.demo().state()).isEqualTo(BotState.STOPPED);
        assertThat(w.events).anyMatch(e -> e.kind() == EventKind.KILLED);
        assertThat(w.events).anyMatch(e -> e.message().startsWith("demo stopped (SIGKILL after 1s grace, exited 137"));
        assertThat(Files.readString(dir.resolve("logs/demo.out.log"))).contains("got SIGTERM, ignoring it");
    }

    @Test
    void grandchildOfACrashedBotIsGoneBeforeTheNewBotRuns() throws Exception {
        LiveWatchdog w = watchdog();
        w.start(w.bot());
        long first = w.awaitRunning();
        w.inject("spawn-child");
        await("the grandchild").atMost(WAIT).until(() -> ProcessHandle.of(first)
                .map(h -> h.children().findAny().isPresent()).orElse(false));
        long grandchild = ProcessHandle.of(first).orElseThrow().children().findFirst().orElseThrow().pid();
        w.inject("crash:1");
        w.awaitRunningOtherThan(first);
        assertThat(alive(grandchild)).as("grandchild %d", grandchild).isFalse();
    }

    @Test
    void restartFlagFileRestartsTheBotAsRequested() throws Exception {
        LiveWatchdog w = watchdog();
        w.start(w.bot());
        long first = w.awaitRunning();
        w.inject("request-restart");
        w.awaitRunningOtherThan(first);
        BotSnapshot s = w.demo();
        assertThat(s.lastRestart().reason()).isEqualTo(RestartReason.REQUESTED);
        assertThat(s.consecutiveFailures()).isZero();
        assertThat(w.flagFile).doesNotExist();
    }

    @Test
    void changedEnvFileIsSeenByTheNextStart() throws Exception {
        LiveWatchdog w = watchdog();
        Path envFile = dir.resolve("bot.env");
        Files.writeString(envFile, "BOT_TOKEN=first-secret-token\n");
        BotConfig b = w.bot();
        w.start(new BotConfig(b.name(), b.command(), b.workingDir(), Map.of(), envFile, b.health(), b.memory(),
                b.restart(), b.stop(), b.schedule(), b.restartFlagFile(), b.reloadSignal(), b.log()));
        long first = w.awaitRunning();
        assertThat(health(w.port)).contains("fingerprint=" + fingerprint("first-secret-token"));
        Files.writeString(envFile, "BOT_TOKEN=rotated-secret-token\n");
        w.inject("crash:1");
        w.awaitRunningOtherThan(first);
        assertThat(health(w.port)).contains("fingerprint=" + fingerprint("rotated-secret-token"));
        // The token itself is never written anywhere the watchdog writes.
        w.watchdog().close();
        for (Path f : List.of(dir.resolve("logs/demo.out.log"), dir.resolve("status/status.json"))) {
            assertThat(Files.readString(f)).doesNotContain("secret-token");
        }
    }

    @Test
    void pidFileNamingARecycledPidIsNotAdopted() throws Exception {
        LiveWatchdog w = watchdog();
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            long wrongStart = ProcStat.of(sleeper.pid()).orElseThrow().startTicks() + 1;
            new PidFile(dir.resolve("status/demo.pid")).write(sleeper.pid(), wrongStart);
            w.start(w.bot());
            long pid = w.awaitRunning();
            assertThat(pid).isNotEqualTo(sleeper.pid());
            assertThat(w.demo().adopted()).isFalse();
            assertThat(sleeper.isAlive()).as("the unrelated process is left alone").isTrue();
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void botReloadThatBreaksHealthFallsBackToAFreshProcess() throws Exception {
        LiveWatchdog w = watchdog();
        Path reloadFile = dir.resolve("reload.settings");
        BotConfig b = w.bot("--reload-file", reloadFile.toString());
        w.start(new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), b.envFile(), b.health(), b.memory(),
                b.restart(), b.stop(), b.schedule(), b.restartFlagFile(), Signal.HUP, b.log()));
        long first = w.awaitRunning();
        Files.writeString(reloadFile, "unhealthy\n");
        w.watchdog().supervisor("demo").orElseThrow().reloadBot();
        w.awaitRunningOtherThan(first);
        assertThat(w.demo().lastRestart().detail()).startsWith("reload via SIGHUP left demo unhealthy");
        assertThat(Files.readString(dir.resolve("logs/demo.out.log"))).contains("got SIGHUP, reloading settings");
    }

    static String health(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    static String fingerprint(String token) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d).substring(0, 8);
    }
}
