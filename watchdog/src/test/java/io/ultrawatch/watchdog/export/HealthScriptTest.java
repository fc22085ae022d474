package io.ultrawatch.watchdog.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health oneshot's script, run by a real {@code sh} after undoing systemd's escapes as systemd would: a stale
 * heartbeat counts failures, and the threshold-th one runs {@code systemctl --user restart} (a fake on PATH).
 */
class HealthScriptTest {
    @TempDir
    Path dir;

    /** The ExecStart words after systemd's unquoting (only the escapes the export writes). */
    private static List<String> words(String execStart, Path runtime) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        for (int i = 0; i < execStart.length(); i++) {
            char c = execStart.charAt(i);
            if (w == null) {
                if (c == '"') {
                    w = new StringBuilder();
                } else if (c != ' ') {
                    int end = execStart.indexOf(' ', i);
                    end = end < 0 ? execStart.length() : end;
                    words.add(execStart.substring(i, end));
                    i = end;
                }
                continue;
            }
            if (c == '\\') {
                char n = execStart.charAt(++i);
                w.append(n == 'n' ? '\n' : n);
            } else if (c == '$' && execStart.charAt(i + 1) == '$') {
                w.append('$');
                i++;
            } else if (c == '%' && execStart.charAt(i + 1) == '%') {
                w.append('%');
                i++;
            } else if (c == '%' && execStart.charAt(i + 1) == 't') {
                w.append(runtime);
                i++;
            } else if (c == '"') {
                words.add(w.toString());
                w = null;
            } else {
                w.append(c);
            }
        }
        return words;
    }

    @Test
    void aStaleHeartbeatRestartsTheBotAtTheThreshold() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        BotConfig beat = c.bots().stream().filter(b -> b.name().equals("beat")).findFirst().orElseThrow();
        String unit = SystemdUnits.of(beat, new ExportOptions(false, null, null)).get(2).text();
        String execStart = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length());
        Path bin = Files.createDirectories(dir.resolve("fakebin"));
        Path marker = dir.resolve("restarted");
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\necho \"$@\" > " + marker + "\n");
        Files.setPosixFilePermissions(bin.resolve("systemctl"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        List<String> command = words(execStart, runtime);
        assertThat(command.subList(0, 2)).containsExactly("/bin/sh", "-c");

        // No heartbeat file: fails. Threshold 3 (the default): two counted failures, the third restarts.
        assertThat(run(command, bin)).isEqualTo(1);
        assertThat(run(command, bin)).isEqualTo(1);
        assertThat(runtime.resolve("ultrawatch-beat.health-failures")).hasContent("2");
        assertThat(marker).doesNotExist();
        assertThat(run(command, bin)).isEqualTo(0);
        assertThat(marker).hasContent("--user restart beat.service");
        assertThat(runtime.resolve("ultrawatch-beat.health-failures")).doesNotExist();

        // A fresh heartbeat passes and clears the count.
        Files.writeString(dir.resolve("heartbeat"), "x");
        assertThat(run(command, bin)).isEqualTo(0);
    }

    private int run(List<String> command, Path bin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.out").toFile());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
