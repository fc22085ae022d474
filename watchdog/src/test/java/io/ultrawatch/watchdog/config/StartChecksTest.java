package io.ultrawatch.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start checks of check-config against real folders and files. */
class StartChecksTest {
    @TempDir
    Path dir;

    private WatchdogConfig load(String bots) throws Exception {
        Path file = Files.writeString(dir.resolve("watchdog.yml"), "bots:\n" + bots);
        return ConfigLoader.load(file, Map.of());
    }

    /** The findings, less the warning that status/env.base was never recorded (its own test below). */
    private List<String> check(String bots, Map<String, String> own) throws Exception {
        return findings(bots, own).stream().map(StartChecks.Finding::toString).toList();
    }

    private List<StartChecks.Finding> findings(String bots, Map<String, String> own) throws Exception {
        return StartChecks.check(load(bots), own).stream().filter(f -> !f.message().contains("env.base")).toList();
    }

    @Test
    void aBaseNeverRecordedIsAWarning() throws Exception {
        Path base = dir.resolve("status/env.base");

        assertThat(StartChecks.check(load("  - name: a\n    command: [java]\n"), Map.of()))
                .singleElement().satisfies(f -> {
                    assertThat(f.error()).isFalse();
                    assertThat(f.message()).startsWith(base + " does not exist: the bots get PATH, LANG and the other"
                            + " base variables from the watchdog's own environment, which is cron's after a revival");
                });
        Files.createDirectories(base.getParent());
        Files.writeString(base, "PATH=/bin\n");
        assertThat(StartChecks.check(load("  - name: a\n    command: [java]\n"), Map.of())).isEmpty();
    }

    @Test
    void aProgramNotOnTheRecordedPathIsAnErrorNamingFileBotFieldValueAndPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("home/.local/bin"));
        Files.writeString(EnvBase.file(Files.createDirectories(dir.resolve("status"))), "PATH=/usr/bin:/bin\n");
        String file = dir.resolve("watchdog.yml").toString();

        List<String> found = check("  - name: a\n    command: [sh, -c, 'true']\n    health: {type: none}\n"
                + "  - name: b\n    command: [pyhton3, bot.py]\n"
                + "    health: {url: 'http://127.0.0.1:5002/health'}\n", Map.of("PATH", bin + ":/usr/bin"));

        assertThat(found).containsExactly(file + ": bots[1].command[0] 'pyhton3' is not found on the bot's PATH"
                + " (/usr/bin:/bin)");
    }

    @Test
    void theBaseIsTheWatchdogsEnvironmentWhenNothingWasRecordedAndTheBotsEnvPathWins() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("mybot"), "#!/bin/sh\n");
        tool.toFile().setExecutable(true);

        assertThat(check("  - name: a\n    command: [mybot]\n", Map.of("PATH", bin.toString()))).isEmpty();
        assertThat(check("  - name: a\n    command: [mybot]\n", Map.of("PATH", "/usr/bin")))
                .singleElement().asString().contains("'mybot' is not found on the bot's PATH (/usr/bin)");
        assertThat(check("  - name: a\n    command: [mybot]\n    env: {PATH: '" + bin + "'}\n",
                Map.of("PATH", "/usr/bin"))).isEmpty();
    }

    @Test
    void aProgramThatIsNotExecutableIsAnError() throws Exception {
        Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\n");

        assertThat(check("  - name: a\n    command: [./run.sh]\n", Map.of("PATH", "/usr/bin")))
                .singleElement().asString().endsWith("bots[0].command[0] './run.sh' is not executable (mode 644);"
                        + " chmod +x " + dir.resolve("run.sh"));
    }

    @Test
    void javaIsTheWatchdogsJvmAndNeedsNoPath() throws Exception {
        assertThat(check("  - name: a\n    command: [java, -jar, x.jar]\n", Map.of())).isEmpty();
    }

    @Test
    void aMissingWorkingDirIsAnError() throws Exception {
        assertThat(check("  - name: a\n    command: [sh]\n    working_dir: nowhere\n", Map.of("PATH", "/bin")))
                .containsExactly(dir.resolve("watchdog.yml") + ": bots[0].working_dir '" + dir.resolve("nowhere")
                        + "' does not exist");
    }

    @Test
    void aMissingOrUnreadableEnvFileIsAnErrorAndOneOthersCanReadAWarning() throws Exception {
        assertThat(check("  - name: a\n    command: [sh]\n    env_file: secrets.env\n", Map.of("PATH", "/bin")))
                .singleElement().asString().endsWith("bots[0].env_file '" + dir.resolve("secrets.env")
                        + "' does not exist");

        Path secrets = Files.writeString(dir.resolve("secrets.env"), "TOKEN=x\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r--r--"));
        List<StartChecks.Finding> found = findings("  - name: a\n    command: [sh]\n"
                + "    env_file: secrets.env\n", Map.of("PATH", "/bin"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.error()).isFalse();
            assertThat(f.toString()).isEqualTo("warning: " + dir.resolve("watchdog.yml") + ": bots[0].env_file '"
                    + secrets + "' is readable by other users (mode 644); it holds secrets: chmod 600 " + secrets);
        });

        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        assertThat(check("  - name: a\n    command: [sh]\n    env_file: secrets.env\n", Map.of("PATH", "/bin")))
                .isEmpty();
        if (!"root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("-w-------"));
            assertThat(check("  - name: a\n    command: [sh]\n    env_file: secrets.env\n", Map.of("PATH", "/bin")))
                    .singleElement().asString().endsWith("' cannot be read: permission denied");
        }
    }

    @Test
    void twoBotsOnOneHealthPortIsAnError() throws Exception {
        List<String> found = check("  - name: a\n    command: [sh]\n    health: {url: 'http://127.0.0.1:5010/health'}\n"
                + "  - name: b\n    command: [sh]\n    health: {url: 'http://127.0.0.1:5011/health'}\n"
                + "  - name: c\n    command: [sh]\n    health: {url: 'http://localhost:5010/healthz'}\n",
                Map.of("PATH", "/bin:/usr/bin"));

        assertThat(found).containsExactly(dir.resolve("watchdog.yml") + ": bots[2].health.url"
                + " 'http://localhost:5010/healthz' uses port 5010, which bots[0].health.url"
                + " 'http://127.0.0.1:5010/health' uses too: each bot needs a health port of its own");
    }
}
