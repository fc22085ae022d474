package io.ultrawatch.systemtests;

import static io.ultrawatch.systemtests.UltrawatchRoot.WAIT;
import static io.ultrawatch.systemtests.UltrawatchRoot.demo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrawatch.systemtests.UltrawatchRoot.Result;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One status contract: {@code scripts/status.sh} and {@code ultrawatch status} give the same exit code in each of the
 * four cases, against a real watchdog JVM and a real demo bot: 0 all RUNNING, 1 a bot not RUNNING, 4 hung (the
 * watchdog SIGSTOPped until its heartbeat is older than the limit it wrote), 3 not running (killed).
 */
class StatusContractIT {
    @TempDir
    Path tmp;

    @Test
    void statusScriptAndCliAgreeOnAllRunningABotDownHungAndNotRunning() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp, "", true)) {
            root.startSuite();
            long watchdog = root.watchdogPid().orElseThrow();
            assertBoth(root, 0, "every bot RUNNING");

            Result stop = root.cli("stop", "demo", "--status-dir", root.path("status").toString());
            assertThat(stop.exit()).as("%s", stop).isZero();
            root.awaitStatus("demo STOPPED", s -> "STOPPED".equals(demo(s).path("state").asText()));
            await("status/heartbeat: 1 bot, 0 running").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> root.heartbeat().map(f -> f[6].equals("1") && f[7].equals("0")).orElse(false));
            assertBoth(root, 1, "a bot not RUNNING");

            String[] line = root.heartbeat().orElseThrow();
            long limitMs = Long.parseLong(line[3]);
            Proc.signal(watchdog, "STOP");
            await("heartbeat older than its limit of " + limitMs + " ms").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(50)).until(() -> System.currentTimeMillis()
                            - Long.parseLong(root.heartbeat().orElseThrow()[2]) > limitMs + 300);
            assertBoth(root, 4, "hung");

            ProcessHandle.of(watchdog).orElseThrow().destroyForcibly();   // SIGKILL ends a stopped process too
            await("watchdog " + watchdog + " dead").atMost(WAIT).until(() -> !Proc.alive(watchdog));
            assertBoth(root, 3, "not running");
        }
    }

    private static void assertBoth(UltrawatchRoot root, int expected, String what) {
        Result script = root.run("scripts/status.sh");
        Result cli = root.cli("status", "--status-dir", root.path("status").toString());
        assertThat(script.exit()).as("status.sh, %s: %s", what, script).isEqualTo(expected);
        assertThat(cli.exit()).as("ultrawatch status, %s: %s", what, cli).isEqualTo(expected);
        // The same report (ages and uptimes move between the two runs, the watchdog line's start does not).
        String first = cli.out().lines().findFirst().orElseThrow();
        assertThat(script.out()).as("the same report").contains(first.substring(0, Math.min(first.length(), 30)));
    }
}
