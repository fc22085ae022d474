package io.ultrawatch.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.EnvBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RecordEnvCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheBaseOwnerOnlyAndNamesWhatItRecordedWithoutValues() throws Exception {
        Path file = Files.writeString(dir.resolve("watchdog.yml"),
                "bots:\n  - name: demo\n    command: [java]\n    env_inherit: [PATH]\n");
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));

        assertThat(cl.execute("record-env", "--config", file.toString())).isZero();

        Path base = EnvBase.file(dir.resolve("status"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(base))).isEqualTo("rw-------");
        assertThat(EnvBase.read(base).orElseThrow()).containsEntry("PATH", System.getenv("PATH"))
                .doesNotContainKeys("CHECK_INTERVAL", "MALLOC_ARENA_MAX");
        assertThat(out.toString()).contains("Recorded the bots' base environment in " + base + ": PATH")
                .doesNotContain(System.getenv("PATH"));
    }
}
