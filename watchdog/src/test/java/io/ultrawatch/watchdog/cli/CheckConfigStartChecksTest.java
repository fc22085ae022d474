package io.ultrawatch.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** check-config also reports what would fail at a bot's start: errors exit 78, warnings 0. */
class CheckConfigStartChecksTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Path file) throws Exception {
        // A recorded base: without one check-config also warns that the bots would get the watchdog's own PATH.
        Files.createDirectories(dir.resolve("status"));
        Files.writeString(dir.resolve("status/env.base"), "PATH=/usr/bin:/bin\n");
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("check-config", file.toString());
    }

    @Test
    void aMissingWorkingDirIsAnErrorWithExConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("watchdog.yml"),
                "bots:\n  - name: noenv\n    command: [java]\n    working_dir: gone\n");

        assertThat(run(file)).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(err.toString().strip().split("\n")).containsExactly(
                file + ": bots[0].working_dir '" + dir.resolve("gone") + "' does not exist", "1 error(s) in " + file);
    }

    @Test
    void anEnvFileOthersCanReadIsAWarningAndTheFileStaysValid() throws Exception {
        Path secrets = Files.writeString(dir.resolve("secrets.env"), "TOKEN=x\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r-----"));
        Path file = Files.writeString(dir.resolve("watchdog.yml"),
                "bots:\n  - name: demo\n    command: [java]\n    env_file: secrets.env\n");

        assertThat(run(file)).isZero();
        assertThat(err.toString()).contains("warning: " + file + ": bots[0].env_file '" + secrets
                + "' is readable by other users (mode 640)").doesNotContain("TOKEN").doesNotContain("=x");
        assertThat(out.toString()).contains("is valid: 1 bot(s) [demo], 1 warning(s)");
    }
}
