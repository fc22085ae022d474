package io.ultrawatch.systemtests;

import static io.ultrawatch.systemtests.UltrawatchRoot.demo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrawatch.systemtests.UltrawatchRoot.Result;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot gets the same environment whether its watchdog came from the user's shell or from cron: the start script
 * records the shell's PATH, LANG and the env_inherit names in status/env.base, and a watchdog cron revived (with
 * cron's bare environment) gives the bot exactly that again; the watchdog's own variables never reach it.
 */
class BotEnvironmentIT {
    /** The only variables the bot writes out: never the machine's whole environment into a test log. */
    private static final String CHECKED = "LANG|PATH|UW_TEST_MARK|CHECK_INTERVAL|MALLOC_ARENA_MAX|ULTRAWATCH_COOKIE";

    @TempDir
    Path tmp;

    @Test
    void theBotSeesTheShellsEnvironmentBeforeAndAfterACronRevivalAndNeverTheWatchdogsOwn() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            Path dump = root.path("bot.env");
            Path control = root.path("control");
            Path extraBin = Files.createDirectories(root.path("extra-bin"));
            // The demo bot, wrapped: at every start it appends the checked variables to bot.env, then becomes the bot.
            String wrapper = "{ echo '--- start'; env | grep -E '^(" + CHECKED + ")=' | sort; } >> '" + dump
                    + "'; exec \"$@\"";
            Files.writeString(root.path("watchdog.yml"), "watchdog:\n"
                    + "  status_interval: 200ms\n"
                    + "  control:\n"
                    + "    enabled: false\n"
                    + "bots:\n"
                    + "  - name: demo\n"
                    + "    command: [bash, -c, \"" + wrapper.replace("\\", "\\\\").replace("\"", "\\\"") + "\", bot, '"
                    + UltrawatchRoot.java() + "', '-Xmx64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', '"
                    + root.path("demo-bot/target/demo-bot.jar") + "', '--port', '" + root.port + "', '--control-file', '"
                    + control + "']\n"
                    + "    env_inherit: [UW_TEST_MARK]\n"
                    + "    health:\n"
                    + "      url: http://127.0.0.1:" + root.port + "/health\n"
                    + "      interval: 500ms\n"
                    + "      timeout: 1s\n");
            String shellPath = extraBin + File.pathSeparator + System.getenv("PATH");
            Map<String, String> shell = Map.of("PATH", shellPath, "LANG", "de_DE.UTF-8", "UW_TEST_MARK", "marker-42",
                    "CHECK_INTERVAL", "1s");

            Result start = root.run("scripts/start_ultra_reliable_bot.sh", shell);
            assertThat(start.exit()).as("%s", start).isZero();
            long watchdog = root.watchdogPid().orElseThrow();
            JsonNode running = root.awaitStatus("demo RUNNING under watchdog " + watchdog,
                    s -> s.path("watchdog").path("pid").asLong() == watchdog
                            && "RUNNING".equals(demo(s).path("state").asText()));
            long firstBot = demo(running).path("pid").asLong();

            Path base = root.path("status/env.base");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(base))).isEqualTo("rw-------");
            Map<String, String> first = lastStart(dump);
            assertThat(first).containsEntry("PATH", shellPath).containsEntry("LANG", "de_DE.UTF-8")
                    .containsEntry("UW_TEST_MARK", "marker-42").containsKey("ULTRAWATCH_COOKIE")
                    .doesNotContainKeys("CHECK_INTERVAL", "MALLOC_ARENA_MAX");

            // The watchdog dies; cron revives it with its bare environment (the crontab line sets PATH and the java).
            ProcessHandle.of(watchdog).orElseThrow().destroyForcibly();
            await("watchdog " + watchdog + " gone").atMost(UltrawatchRoot.WAIT).until(() -> !Proc.alive(watchdog));
            Process cron = new ProcessBuilder("env", "-i", "PATH=/usr/bin:/bin", "HOME=" + System.getProperty(
                    "user.home"), "JAVA_HOME=" + UltrawatchRoot.javaHome(), "bash",
                    root.path("cron/ensure_running.sh").toString(), "--from", "cron")
                    .directory(tmp.toFile()).redirectErrorStream(true)
                    .redirectOutput(root.outputs.resolve("cron-revival.out").toFile()).start();
            assertThat(cron.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(cron.exitValue()).as(Files.readString(root.outputs.resolve("cron-revival.out"))).isZero();
            root.awaitAdoptedBy(watchdog, firstBot);
            assertThat(Files.readString(base)).as("cron never rewrites the base").contains("UW_TEST_MARK=marker-42");

            // The revived watchdog restarts the bot: the new process gets the same environment.
            Path next = Files.writeString(root.path("control.tmp"), "crash:3\n");
            Files.move(next, control, StandardCopyOption.ATOMIC_MOVE);
            root.awaitStatus("demo RUNNING again with a new pid", s -> "RUNNING".equals(demo(s).path("state").asText())
                    && demo(s).path("pid").asLong() != firstBot && demo(s).path("pid").asLong() != 0);
            Map<String, String> again = lastStart(dump);
            assertThat(again.get("ULTRAWATCH_COOKIE")).isNotNull().isNotEqualTo(first.get("ULTRAWATCH_COOKIE"));
            again.remove("ULTRAWATCH_COOKIE");
            first.remove("ULTRAWATCH_COOKIE");
            assertThat(again).isEqualTo(first);
            assertThat(starts(dump)).as("starts recorded in %s", dump).isEqualTo(2);
        }
    }

    /** The variables the bot wrote at its last start. */
    private static Map<String, String> lastStart(Path dump) throws Exception {
        List<String> lines = Files.readAllLines(dump);
        int from = lines.lastIndexOf("--- start");
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : new ArrayList<>(lines.subList(from + 1, lines.size()))) {
            int eq = line.indexOf('=');
            vars.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return vars;
    }

    private static long starts(Path dump) throws Exception {
        return Files.readAllLines(dump).stream().filter("--- start"::equals).count();
    }
}
