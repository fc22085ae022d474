package io.ultrawatch.watchdog.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start budget's record survives the watchdog: one file per bot in the status folder. */
class StartHistoryFileTest {
    @TempDir
    Path dir;

    @Test
    void whatOneWatchdogSavesTheNextLoads() {
        List<Instant> starts = List.of(Instant.parse("2026-12-01T08:00:00.123Z"), Instant.parse("2026-12-01T09:00:00Z"));
        new StartHistoryFile(dir, Clock.systemUTC()).save("demo", starts);
        assertThat(new StartHistoryFile(dir, Clock.systemUTC()).load("demo")).isEqualTo(starts);
        assertThat(dir.resolve("demo.starts")).hasContent(starts.get(0).toEpochMilli() + "\n"
                + starts.get(1).toEpochMilli());
    }

    @Test
    void noFileIsNoStarts() {
        assertThat(new StartHistoryFile(dir, Clock.systemUTC()).load("demo")).isEmpty();
    }

    @Test
    void aDamagedFileCountsFromNowInsteadOfFailingTheStart() throws IOException {
        Files.writeString(dir.resolve("demo.starts"), "1764576000123\nnot a time\n");
        assertThat(new StartHistoryFile(dir, Clock.systemUTC()).load("demo")).hasSize(1);
    }

    @Test
    void aFailedWriteDoesNotThrow() throws IOException {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        new StartHistoryFile(notADir, Clock.systemUTC()).save("demo", List.of(Instant.EPOCH));
        assertThat(notADir).hasContent("x");
    }
}
