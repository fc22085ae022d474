package io.ultrawatch.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.process.ProcStat;
import io.ultrawatch.watchdog.process.WatchdogLock;
import io.ultrawatch.watchdog.status.HeartbeatLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The status verdict from the pid file and status/heartbeat alone, on a fixed clock. This test JVM plays the watchdog
 * (a live pid with a known start time); the system test LifecycleScriptsIT does the same with real watchdogs.
 */
class StatusCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    @TempDir
    Path dir;
    private Path status;
    private final long pid = ProcessHandle.current().pid();
    private final long ticks = ProcStat.of(pid).orElseThrow().startTicks();
    private final StringWriter out = new StringWriter();

    @BeforeEach
    void aStatusFolder() throws Exception {
        status = Files.createDirectories(dir.resolve("status"));
        Files.writeString(status.resolve("status.json"), "{\"watchdog\":{\"pid\":" + pid + ",\"version\":\"t\","
                + "\"started_at\":\"2026-11-23T07:00:00Z\",\"config\":\"x.yml\",\"config_error\":null},"
                + "\"bots\":[{\"name\":\"demo\",\"state\":\"RUNNING\",\"pid\":4242,\"uptime_seconds\":12.0,"
                + "\"restarts_total\":0}]}");
    }

    private int status() {
        StatusCommand command = new StatusCommand();
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        return cl.execute("--status-dir", status.toString());
    }

    private void watchdogPidFile(long p, long t) throws Exception {
        Files.writeString(status.resolve("watchdog.pid"), p + " " + t + "\n");
    }

    private void heartbeat(long p, long ageMs, long limitMs, int total, int running) throws Exception {
        Files.writeString(HeartbeatLine.file(status), new HeartbeatLine(p, ticks, NOW.toEpochMilli() - ageMs, limitMs,
                null, 0, total, running).line());
    }

    @Test
    void zeroWhenEveryBotRuns() throws Exception {
        watchdogPidFile(pid, ticks);
        heartbeat(pid, 500, 3000, 1, 1);
        assertThat(status()).isEqualTo(0);
        assertThat(out.toString()).startsWith("watchdog: running, pid " + pid + ", up 1h0m, heartbeat 0.5 s ago")
                .containsPattern("demo +RUNNING +4242 ");
    }

    /** A notify bot's STATUS= line is part of its note. */
    @Test
    void aBotsOwnStatusLineIsShown() throws Exception {
        Files.writeString(status.resolve("status.json"), Files.readString(status.resolve("status.json"))
                .replace("\"restarts_total\":0}", "\"restarts_total\":0,\"status_text\":\"serving 12 guilds\"}"));
        watchdogPidFile(pid, ticks);
        heartbeat(pid, 500, 3000, 1, 1);
        assertThat(status()).isEqualTo(0);
        assertThat(out.toString()).containsPattern("demo +RUNNING +4242 .*says \"serving 12 guilds\"");
    }

    @Test
    void oneWhenABotIsNotRunning() throws Exception {
        watchdogPidFile(pid, ticks);
        heartbeat(pid, 500, 3000, 2, 1);
        assertThat(status()).isEqualTo(1);
    }

    @Test
    void fourWhenTheHeartbeatIsOlderThanTheLimitTheWatchdogWrote() throws Exception {
        watchdogPidFile(pid, ticks);
        heartbeat(pid, 3000, 3000, 1, 1);
        assertThat(status()).as("at the limit").isEqualTo(0);
        heartbeat(pid, 3001, 3000, 1, 1);
        assertThat(status()).isEqualTo(4);
        assertThat(out.toString()).contains("watchdog: HUNG? pid " + pid + " is alive but its heartbeat is 3.0 s old"
                + " (limit 3.0 s)");
    }

    @Test
    void fourWhenTheWatchdogHasWrittenNoHeartbeatOfItsOwn() throws Exception {
        watchdogPidFile(pid, ticks);
        assertThat(status()).as("no heartbeat file").isEqualTo(4);
        heartbeat(pid + 1_000_000, 0, 3000, 1, 1);
        assertThat(status()).as("an earlier watchdog's").isEqualTo(4);
    }

    @Test
    void threeWhenThePidFileNamesNoLiveWatchdog() throws Exception {
        watchdogPidFile(pid, ticks + 1);     // our pid, another start time: a recycled pid
        heartbeat(pid + 1_000_000, 0, 3000, 1, 1);
        assertThat(status()).isEqualTo(3);
        assertThat(out.toString()).startsWith("watchdog: NOT RUNNING (pid " + pid + " gone)");
    }

    @Test
    void theLockHolderIsTheWatchdogWhenItsPidFileWasDeleted() throws Exception {
        heartbeat(pid, 100, 3000, 1, 1);
        assertThat(status()).as("nobody holds the lock").isEqualTo(3);
        WatchdogLock lock = WatchdogLock.tryAcquire(status).orElseThrow();
        try {
            Files.delete(status.resolve("watchdog.pid"));
            assertThat(status()).isEqualTo(0);
            assertThat(out.toString()).contains("is missing or stale");
        } finally {
            lock.close();
        }
    }
}
