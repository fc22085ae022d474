package io.ultrawatch.systemtests;

import static io.ultrawatch.systemtests.UltrawatchRoot.demo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrawatch.systemtests.UltrawatchRoot.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Supervising your own bot", step by step on a running suite: started with the start script and no
 * {@code watchdog.yml} (the demo), then a {@code watchdog.yml} written next to the README and {@code kill -HUP} of the
 * watchdog. The new file's bot runs, the demo is stopped, and status and log say which config runs.
 */
class OwnBotIT {
    @TempDir
    Path tmp;

    @Test
    void aWatchdogYmlWrittenNextToTheReadmeRunsItsBotAfterAReload() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            Files.delete(root.path("watchdog.yml"));
            // The demo bot and its probe both follow HEALTH_PORT: a free port, never the developer's 5001.
            Map<String, String> env = Map.of("HEALTH_PORT", Integer.toString(root.port));
            {
                Result start = root.run("scripts/start_ultra_reliable_bot.sh", env);
                assertThat(start.exit()).as("%s", start).isZero();
                long watchdog = root.watchdogPid().orElseThrow();
                JsonNode onDemo = root.awaitStatus("the demo RUNNING on the defaults",
                        s -> "RUNNING".equals(demo(s).path("state").asText()));
                assertThat(onDemo.path("watchdog").path("config").asText()).isEqualTo("(defaults)");
                long demoPid = demo(onDemo).path("pid").asLong();

                int minePort = UltrawatchRoot.freePort();
                Path yml = root.path("watchdog.yml");
                Files.writeString(yml, "bots:\n"
                        + "  - name: mine\n"
                        + "    command: ['java', '-Xmx64m', '-jar', 'demo-bot/target/demo-bot.jar', '--port', '"
                        + minePort + "']\n"
                        + "    health:\n"
                        + "      url: http://127.0.0.1:" + minePort + "/health\n"
                        + "      interval: 500ms\n");
                Proc.signal(watchdog, "HUP");

                JsonNode onFile;
                try {
                    onFile = root.awaitStatus("mine RUNNING and the demo gone", s -> {
                        JsonNode bots = s.path("bots");
                        return bots.size() == 1 && "mine".equals(bots.get(0).path("name").asText())
                                && "RUNNING".equals(bots.get(0).path("state").asText());
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("after kill -HUP: status " + root.status().orElse(null)
                            + "\nwatchdog.log:\n" + String.join("\n", root.log("watchdog.log")), e);
                }
                assertThat(onFile.path("watchdog").path("pid").asLong()).as("the same watchdog").isEqualTo(watchdog);
                assertThat(onFile.path("watchdog").path("config").asText()).isEqualTo(yml.toString());
                assertThat(Proc.alive(demoPid)).as("the demo bot was stopped").isFalse();

                Result status = root.run("scripts/status.sh");
                assertThat(status.exit()).as("%s", status).isZero();
                assertThat(status.out()).containsPattern("mine +RUNNING").contains("config " + yml)
                        .doesNotContain("demo ");
                assertThat(String.join("\n", root.log("watchdog.log")))
                        .contains("Config reloaded from " + yml, "1 added [mine]", "1 removed [demo]");
            }
        }
    }
}
