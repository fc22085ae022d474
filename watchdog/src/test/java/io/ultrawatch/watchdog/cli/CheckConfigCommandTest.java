package io.ultrawatch.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBrokenFileListsEveryErrorAndExitsWithExConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("watchdog.yml"), """
                watchdog:
                  status_interval: 10ms
                  control:
                    port: 70000
                bots:
                  - name: Demo Bot
                    command: [java]
                    health:
                      interval: soon
                """);
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("check-config", file.toString());

        assertThat(code).isEqualTo(ExitCodes.CONFIG_INVALID).isEqualTo(78);
        String[] lines = err.toString().strip().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith(file + ": watchdog.status_interval ");
        assertThat(lines[1]).startsWith(file + ": watchdog.control.port ");
        assertThat(lines[2]).startsWith(file + ": bots[0].name ");
        assertThat(lines[3]).startsWith(file + ": bots[0].health.interval ");
        assertThat(lines[4]).isEqualTo("4 error(s) in " + file);
    }

    @Test
    void aValidFileExitsZero() throws Exception {
        Path file = Files.writeString(dir.resolve("watchdog.yml"), "bots:\n  - name: demo\n    command: [java]\n");
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));

        assertThat(cl.execute("check-config", file.toString())).isZero();
        assertThat(out.toString()).contains("is valid: 1 bot(s) [demo]");
    }

    @Test
    void statusOfAFolderWithoutAWatchdogExitsThree() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));

        assertThat(cl.execute("status", "--status-dir", dir.resolve("status").toString()))
                .isEqualTo(ExitCodes.STATUS_NOT_RUNNING).isEqualTo(3);
        assertThat(out.toString()).startsWith("watchdog: NOT RUNNING (no pid file)");
    }
}
