package io.ultrawatch.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ultrawatch export}: choosing bots, stdout or a folder, exit codes; the mappings are tested in export. */
class ExportCommandTest {
    @TempDir
    Path dir;
    private Path config;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void aConfig() throws Exception {
        config = dir.resolve("watchdog.yml");
        Files.writeString(config, "bots:\n  - name: alpha\n    command: [/bin/true]\n    env: {TOKEN: planted}\n"
                + "    health: {type: tcp, host: 127.0.0.1, port: 7000}\n"
                + "  - name: beta\n    command: [/bin/true]\n    health: {type: none}\n");
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void systemdToStdoutNamesEachFile() {
        assertThat(run("export", "systemd", "-c", config.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("### alpha.service\n", "### alpha-health.timer\n",
                "### alpha-health.service\n", "### beta.service\n").doesNotContain("planted");
    }

    @Test
    void kubernetesToStdoutIsOneYamlStream() {
        assertThat(run("export", "kubernetes", "-c", config.toString())).isEqualTo(0);
        assertThat(out.toString().split("\n---\n")).hasSize(2);
    }

    @Test
    void outWritesTheFilesAndIncludeEnvMakesThemPrivate() throws Exception {
        Path units = dir.resolve("units");
        assertThat(run("export", "systemd", "--bot", "alpha", "--out", units.toString(), "--include-env", "-c",
                config.toString())).isEqualTo(0);
        assertThat(units.resolve("alpha.service")).content().contains("Environment=\"TOKEN=planted\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(units.resolve("alpha.service"))))
                .isEqualTo("rw-------");
        assertThat(units.resolve("beta.service")).doesNotExist();
        assertThat(out.toString()).contains("Wrote " + units.resolve("alpha-health.timer"));
    }

    @Test
    void anUnknownBotIsOneWithTheList() {
        assertThat(run("export", "kubernetes", "--bot", "gamma", "-c", config.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("Unknown bot 'gamma'. Known bots: alpha, beta");
    }

    @Test
    void anInvalidConfigIs78AndAnUnknownFormatIsAUsageError() throws Exception {
        Files.writeString(config, "bots:\n  - name: Bad Name\n    command: [/bin/true]\n");
        assertThat(run("export", "systemd", "-c", config.toString())).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(err.toString()).contains("nothing exported");
        assertThat(run("export", "docker", "-c", config.toString())).isEqualTo(ExitCodes.USAGE);
    }
}
