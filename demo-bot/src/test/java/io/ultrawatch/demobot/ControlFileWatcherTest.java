package io.ultrawatch.demobot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFileWatcherTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<FaultSpec> received = new ArrayList<>();

    private ControlFileWatcher watcher(Path file) {
        BotLog log = new BotLog(new PrintStream(output, true, StandardCharsets.UTF_8), Clock.systemUTC(), "test");
        return new ControlFileWatcher(file, received::add, log);
    }

    @Test
    void consumesEverySpecInOrderAndDeletesTheFile() throws Exception {
        Path file = dir.resolve("control");
        Files.writeString(file, "# comment\nunhealthy\n\n  crash:3@2s  \nbogus\nheal\n");

        watcher(file).pollOnce();

        assertThat(received).extracting(FaultSpec::toString).containsExactly("unhealthy", "crash:3@2s", "heal");
        assertThat(file).doesNotExist();
        assertThat(dir).isEmptyDirectory();
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("control file " + file + " line 5: unknown fault 'bogus' in 'bogus'; known faults: crash,");
    }

    @Test
    void missingFileIsQuiet() {
        watcher(dir.resolve("control")).pollOnce();

        assertThat(received).isEmpty();
        assertThat(output.size()).isZero();
    }

    @Test
    void emptyFileIsLeftForTheNextPollBecauseItsWriterMayNotHaveWrittenYet() throws Exception {
        Path file = dir.resolve("control");
        Files.createFile(file);
        ControlFileWatcher watcher = watcher(file);

        watcher.pollOnce();
        assertThat(file).exists();
        assertThat(received).isEmpty();

        Files.writeString(file, "hang-main");
        watcher.pollOnce();
        assertThat(received).extracting(FaultSpec::fault).containsExactly(Fault.HANG_MAIN);
        assertThat(file).doesNotExist();
    }
}
