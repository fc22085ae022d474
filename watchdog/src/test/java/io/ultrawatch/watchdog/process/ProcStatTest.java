package io.ultrawatch.watchdog.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {
    @Test
    void commandNamesWithSpacesAndParenthesesDoNotShiftTheFields() {
        String line = "4242 (my (weird) bot) S 1 4242 4242 0 -1 4194560 1 0 0 0 3 1 0 0 20 0 2 0 987654 1000 50 1";
        ProcStat s = ProcStat.parse(4242, line);
        assertThat(s.state()).isEqualTo('S');
        assertThat(s.ppid()).isEqualTo(1);
        assertThat(s.session()).isEqualTo(4242);
        assertThat(s.startTicks()).isEqualTo(987654);
    }

    @Test
    void theByteParserReadsTheSameFieldsAsTheStringParser() {
        String line = "4242 (my (weird) bot) S 7 4243 4244 0 -1 4194560 1 0 0 0 3 1 0 0 20 0 2 0 987654 1000 50 1\n";
        byte[] b = line.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(ProcStat.parse(4242, b, b.length)).isEqualTo(ProcStat.parse(4242, line.trim()))
                .isEqualTo(new ProcStat(4242, 'S', 7, 4243, 4244, 987654));
        assertThat(ProcStat.parse(4242, b, 40)).as("cut short").isNull();
    }

    @Test
    void theMachineWidePassFindsThisProcessWithTheSameFieldsAsASingleRead() {
        long pid = ProcessHandle.current().pid();
        ProcStat single = ProcStat.of(pid).orElseThrow();
        assertThat(ProcStat.all()).contains(single).hasSizeGreaterThan(1);
    }

    @Test
    void ownProcessIsReadAndItsIdentityMatches() {
        long pid = ProcessHandle.current().pid();
        ProcStat self = ProcStat.of(pid).orElseThrow();
        assertThat(new PidFile.Entry(pid, self.startTicks()).isAlive()).isTrue();
        assertThat(new PidFile.Entry(pid, self.startTicks() + 1).isAlive()).as("another start time").isFalse();
    }

    @Test
    void pidFileRoundTripsAndToleratesGarbage(@TempDir Path dir) throws IOException {
        PidFile file = new PidFile(dir.resolve("demo.pid"));
        assertThat(file.read()).isEmpty();
        file.write(4242, 987654);
        assertThat(file.read()).contains(new PidFile.Entry(4242, 987654));
        java.nio.file.Files.writeString(file.path(), "not a pid");
        assertThat(file.read()).isEmpty();
    }
}
