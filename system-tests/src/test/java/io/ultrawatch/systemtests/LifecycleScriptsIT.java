package io.ultrawatch.systemtests;

import static io.ultrawatch.systemtests.UltrawatchRoot.demo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrawatch.systemtests.UltrawatchRoot.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle scripts a person runs: start, status (LSB exit codes), stop (waits until everything is gone). */
class LifecycleScriptsIT {
    @TempDir
    Path tmp;

    @Test
    void statusIsZeroWhileEveryBotRunsAndThreeAfterAStopThatWaitedUntilAllWasGone() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            JsonNode running = root.startSuite();
            long watchdog = root.watchdogPid().orElseThrow();
            long bot = demo(running).path("pid").asLong();

            Result status = root.run("scripts/status.sh");
            assertThat(status.exit()).as("%s", status).isZero();
            assertThat(status.out()).contains("watchdog: running, pid " + watchdog)
                    .containsPattern("demo +RUNNING +" + bot);

            Result stop = root.run("scripts/stop_ultra_reliable_bot.sh");
            assertThat(stop.exit()).as("%s", stop).isZero();
            // No waiting here: the stop script itself waited until both were gone.
            assertThat(Proc.alive(watchdog)).as("watchdog alive after the stop script returned").isFalse();
            assertThat(Proc.alive(bot)).as("bot alive after the stop script returned").isFalse();
            assertThat(root.path("status/STOPPED")).exists();

            Result stopped = root.run("scripts/status.sh");
            assertThat(stopped.exit()).as("%s", stopped).isEqualTo(3);
            assertThat(stopped.out()).contains("stopped deliberately");

            // The start script removes the marker and starts again.
            root.startSuite();
            assertThat(root.path("status/STOPPED")).doesNotExist();
        }
    }

    @Test
    void statusIsOneWhileABotIsBackingOff() throws Exception {
        int unusedPort = UltrawatchRoot.freePort();
        String crasher = "  - name: crasher\n"
                + "    command: ['/bin/sh', '-c', 'exit 3']\n"
                + "    health:\n"
                + "      url: http://127.0.0.1:" + unusedPort + "/health\n"
                + "    restart:\n"
                + "      backoff_base: 60s\n"
                + "      backoff_max: 120s\n";
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp, crasher)) {
            Result start = root.run("scripts/start_ultra_reliable_bot.sh", "--no-wait");
            assertThat(start.exit()).as("%s", start).isZero();
            root.awaitStatus("demo RUNNING and crasher BACKOFF", s -> {
                boolean demoUp = "RUNNING".equals(demo(s).path("state").asText());
                boolean crasherBackoff = false;
                for (JsonNode b : s.path("bots")) {
                    crasherBackoff |= "crasher".equals(b.path("name").asText())
                            && "BACKOFF".equals(b.path("state").asText());
                }
                return demoUp && crasherBackoff;
            });

            Result status = root.run("scripts/status.sh");

            assertThat(status.exit()).as("%s", status).isEqualTo(1);
            assertThat(status.out()).containsPattern("crasher +BACKOFF").contains("next start in")
                    .containsPattern("demo +RUNNING");
        }
    }

    @Test
    void statusIsThreeWhenTheWatchdogWasNeverStarted() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            Result status = root.run("scripts/status.sh");

            assertThat(status.exit()).as("%s", status).isEqualTo(3);
            assertThat(status.out()).contains("NOT RUNNING (no pid file)");
        }
    }
}
