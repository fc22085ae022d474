package io.ultrawatch.watchdog.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export systemd}: the settings' meaning, the quoting, no secret without --include-env, and every unit
 * accepted by {@code systemd-analyze verify --user} (offline: no running systemd is needed).
 */
class SystemdExportTest {
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    @TempDir
    Path dir;

    private static BotConfig bot(WatchdogConfig c, String name) {
        return c.bots().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private static ExportOptions options(boolean includeEnv) {
        return new ExportOptions(includeEnv, "/usr/bin/java", "/etc/watchdog.yml");
    }

    @Test
    void theServiceHasTheConfigsMeaning() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        List<ExportedFile> files = SystemdUnits.of(bot(c, "web"), options(false));
        assertThat(files).extracting(ExportedFile::name)
                .containsExactly("web.service", "web-health.timer", "web-health.service");
        String unit = files.get(0).text();
        assertThat(unit).contains("\nRestart=always\n", "\nRestartSec=2\n", "\nRestartSteps=8\n",
                "\nRestartMaxDelaySec=300\n", "\nStartLimitBurst=50\n", "\nStartLimitIntervalSec=21600\n",
                "\nMemoryMax=256M\n", "\nKillMode=control-group\n", "\nKillSignal=SIGINT\n", "\nTimeoutStopSec=15\n",
                "\nRestartPreventExitStatus=78\n", "\nExecReload=/bin/kill -s HUP $MAINPID\n",
                "\nWorkingDirectory=" + dir + "\n", "\nEnvironmentFile=" + dir.resolve("secrets.env") + "\n",
                "\nWants=web-health.timer\n");
        assertThat(unit).contains("\nExecStart=\"" + dir.resolve("my bin/run bot") + "\" \"a \\\"quoted\\\" word\""
                + " \"100%%\" \"$$HOME\" \";\" \"back\\\\slash\"\n");
        String timer = files.get(1).text();
        assertThat(timer).contains("\nBindsTo=web.service\n", "\nOnActiveSec=60\n", "\nOnUnitActiveSec=5\n");
        assertThat(files.get(2).text()).contains("curl -fsS -o /dev/null -m 2", "%t/ultrawatch-web.health-failures",
                "\"3\" \"web.service\"");
    }

    @Test
    void secretsStayOutUnlessAskedFor() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        String without = String.join("\n", SystemdUnits.of(bot(c, "web"), options(false)).stream()
                .map(ExportedFile::text).toList());
        assertThat(without).doesNotContain("hello", "planted-secret-token", "Environment=\"")
                .contains("# env: 2 variable(s) left out (GREETING, PLAIN)");
        String with = SystemdUnits.of(bot(c, "web"), options(true)).get(0).text();
        assertThat(with).contains("\nEnvironment=\"GREETING=hello \\\"world\\\" 100%% $HOME\"\n",
                "\nEnvironment=\"PLAIN=x\"\n").doesNotContain("planted-secret-token");
    }

    @Test
    void noMemoryLimitAndNoHealthCheckSayWhy() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        assertThat(SystemdUnits.of(bot(c, "script"), options(false)).get(0).text())
                .doesNotContain("MemoryMax=").contains("# memory.max_mb is 0: no memory limit.");
        List<ExportedFile> quiet = SystemdUnits.of(bot(c, "quiet"), options(false));
        assertThat(quiet).hasSize(1);
        assertThat(quiet.get(0).text()).contains("# health: none").doesNotContain("Wants=");
    }

    @Test
    void aNotifyBotBecomesATypeNotifyServiceWithItsWatchdog() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        List<ExportedFile> pinger = SystemdUnits.of(bot(c, "pinger"), options(false));
        assertThat(pinger).extracting(ExportedFile::name).containsExactly("pinger.service");
        assertThat(pinger.get(0).text()).contains("\nType=notify\n", "\nNotifyAccess=all\n", "\nWatchdogSec=1500ms\n",
                "\nTimeoutStartSec=30\n").doesNotContain("Type=simple", "Wants=");
    }

    @Test
    void quotingFollowsSystemdSyntax() {
        assertThat(SystemdQuoting.word("a b")).isEqualTo("\"a b\"");
        assertThat(SystemdQuoting.word("50% of $X \"y\" \\")).isEqualTo("\"50%% of $$X \\\"y\\\" \\\\\"");
        assertThat(SystemdQuoting.word("line\nbreak\u0001")).isEqualTo("\"line\\nbreak\\x01\"");
        assertThat(SystemdQuoting.path("/srv/100% bots")).isEqualTo("/srv/100%% bots");
    }

    @Test
    void everyUnitPassesSystemdAnalyzeVerify() throws Exception {
        assumeTrue(Files.isExecutable(ANALYZE), ANALYZE + " is not installed (Debian package systemd): the units"
                + " are not verified");
        WatchdogConfig c = ExportConfigs.load(dir);
        Path units = Files.createDirectories(dir.resolve("units"));
        List<String> command = new ArrayList<>(List.of(ANALYZE.toString(), "verify", "--user", "--man=no",
                "--generators=no"));
        for (boolean includeEnv : new boolean[] {false, true}) {
            for (BotConfig b : c.bots()) {
                for (ExportedFile f : SystemdUnits.of(b, options(includeEnv))) {
                    Path p = units.resolve(f.name());
                    Files.writeString(p, f.text());
                    if (!includeEnv) {
                        command.add(p.toString());
                    }
                }
            }
            String result = verify(command);
            assertThat(result).as("systemd-analyze verify (include env: " + includeEnv + ")").isEqualTo("");
        }
    }

    /** Runs verify; returns its complaints, less the two keys systemd before 254 does not know yet. */
    private String verify(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // --user needs a runtime folder; an empty one is enough to verify files.
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        pb.environment().put("SYSTEMD_LOG_COLOR", "0");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder complaints = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.isBlank() || line.matches(".*Unknown key '(RestartSteps|RestartMaxDelaySec)'.*")) {
                continue;
            }
            complaints.append(line).append('\n');
        }
        assertThat(p.exitValue()).as("exit code; output:\n" + out).isZero();
        return complaints.toString();
    }
}
