package io.ultrawatch.watchdog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.testing.TestBots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bots that speak systemd's notify protocol, under the real watchdog: a shell bot driven by Debian's
 * {@code systemd-notify}, and a Python bot sending raw datagrams, as {@code sdnotify} and {@code sd_notify(3)} do.
 */
class NotifyBotIT {
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private LiveWatchdog w;

    @AfterEach
    void stop() {
        if (w != null) {
            w.close();
        }
    }

    private BotConfig notifyBot(List<String> command) {
        return TestBots.withHealth(TestBots.bot("demo", command, dir, null), HealthConfig.DEFAULTS
                .withCheck(new HealthCheck.Notify(DEADLINE)));
    }

    private WatchdogEvent awaitEvent(EventKind kind, String containing) {
        await(kind + " containing " + containing).atMost(LiveWatchdog.WAIT).until(() -> w.events.stream()
                .anyMatch(e -> e.kind() == kind && e.message().contains(containing)));
        return w.events.stream().filter(e -> e.kind() == kind && e.message().contains(containing)).findFirst()
                .orElseThrow();
    }

    /**
     * READY=1 from systemd-notify (which waits on a BARRIER=1 unless --no-block), then WATCHDOG=1 every 500 ms from
     * the main loop until the file {@code hang} appears: then alive and silent, as a bot stuck in a reconnect.
     */
    @Test
    void aShellBotOnSystemdNotifyIsRunningAfterReadyAndRestartedWhenItsBeatsStop() throws Exception {
        String notify = ExternalTools.require("systemd-notify", "systemd").toString();
        Path script = dir.resolve("bot.sh");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "t0=$(date +%s%N)",
                notify + " READY=1 \"STATUS=up since $t0\"",
                "echo $(( ($(date +%s%N) - t0) / 1000000 )) >> barrier_ms",
                "while [ ! -e hang ]; do " + notify + " --no-block WATCHDOG=1; sleep 0.5; done",
                "while :; do sleep 1; done", ""));
        script.toFile().setExecutable(true);
        w = new LiveWatchdog(dir).start(notifyBot(List.of("./bot.sh")));
        long pid = w.awaitRunning();
        await("barrier_ms").atMost(LiveWatchdog.WAIT).until(() -> Files.exists(dir.resolve("barrier_ms")));
        long barrierMs = Long.parseLong(Files.readAllLines(dir.resolve("barrier_ms")).get(0).strip());
        assertThat(barrierMs).as("systemd-notify READY=1 without --no-block took %d ms", barrierMs).isLessThan(1000);
        assertThat(w.demo().statusText()).startsWith("up since ");
        assertThat(Files.getPosixFilePermissions(dir.resolve("status/notify/demo.sock")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        // Beats keep it running through several deadlines.
        await("the same process through three deadlines").during(DEADLINE.multipliedBy(3))
                .atMost(DEADLINE.multipliedBy(6)).until(() -> w.demo().pid() == pid && w.demo().restartsTotal() == 0);

        Files.writeString(dir.resolve("hang"), "");
        long next = w.awaitRunningOtherThan(pid);
        BotSnapshot b = w.demo();
        assertThat(b.lastRestart().reason()).isEqualTo(RestartReason.HEALTH_CHECK_FAILED);
        assertThat(b.lastRestart().detail()).matches("no WATCHDOG=1 for 2\\.\\d s");
        assertThat(next).isNotEqualTo(pid);
        assertThat(LiveWatchdog.alive(pid)).isFalse();
    }

    /** Raw datagrams, sent with sendto each time (as sd_notify(3) does), from a bot with a child process. */
    @Test
    void aPythonBotShowsItsStatusAsksForRestartsAndCannotNameAnUnrelatedMainPid() throws Exception {
        Files.writeString(dir.resolve("bot.py"), String.join("\n",
                "import os, socket, subprocess, time",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "a = os.environ['NOTIFY_SOCKET']",
                "def send(m): s.sendto(m.encode(), a)",
                "with open('env.txt', 'w') as f:",
                "    f.write('%d %s %s' % (os.getpid(), os.environ.get('WATCHDOG_PID'), os.environ.get('WATCHDOG_USEC')))",
                "child = subprocess.Popen(['sleep', '600'])",
                "send('READY=1\\nSTATUS=serving 3 guilds')",
                "while True:",
                "    if os.path.exists('mainpid'):",
                "        os.remove('mainpid')",
                "        send('MAINPID=1')",
                "        send('MAINPID=%d' % child.pid)",
                "    if os.path.exists('trigger'):",
                "        os.remove('trigger')",
                "        send('STATUS=restarting on request\\nWATCHDOG=trigger')",
                "    send('WATCHDOG=1')",
                "    time.sleep(0.2)", ""));
        w = new LiveWatchdog(dir).withControl().start(notifyBot(List.of("python3", "-u", "bot.py")));
        long pid = w.awaitRunning();
        w.awaitDemo("status text", b -> "serving 3 guilds".equals(b.statusText()));
        assertThat(Files.readString(dir.resolve("env.txt"))).isEqualTo(pid + " " + pid + " 2000000");

        ObjectMapper json = new ObjectMapper();
        await("status.json with the status text").atMost(LiveWatchdog.WAIT).until(() -> json.readTree(
                dir.resolve("status/status.json").toFile()).path("bots").get(0).path("status_text").asText()
                .equals("serving 3 guilds"));
        RawHttp.Reply api = RawHttp.to(w.controlUri("/").getPort()).get("/api/status").token(w.token).send();
        assertThat(api.json().path("bots").get(0).path("status_text").asText()).isEqualTo("serving 3 guilds");

        Files.writeString(dir.resolve("mainpid"), "");
        WatchdogEvent refused = awaitEvent(EventKind.NOTIFY_REFUSED, "MAINPID=1 refused");
        assertThat(refused.bot()).isEqualTo("demo");
        awaitEvent(EventKind.NOTIFY, "main pid is now ");

        Files.writeString(dir.resolve("trigger"), "");
        long next = w.awaitRunningOtherThan(pid);
        BotSnapshot b = w.demo();
        assertThat(b.lastRestart().reason()).isEqualTo(RestartReason.REQUESTED);
        assertThat(b.lastRestart().detail()).contains("WATCHDOG=trigger");
        assertThat(b.consecutiveFailures()).isZero();
        assertThat(b.state()).isEqualTo(BotState.RUNNING);
        assertThat(next).isNotEqualTo(pid);
    }
}
