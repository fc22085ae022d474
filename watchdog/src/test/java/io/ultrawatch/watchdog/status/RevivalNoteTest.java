package io.ultrawatch.watchdog.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The note cron leaves for the watchdog it starts: read once, then gone. */
class RevivalNoteTest {
    @TempDir
    Path dir;

    @Test
    void theNoteIsTakenOnce() throws IOException {
        Files.writeString(dir.resolve("revived"), "watchdog hung: heartbeat 95 s old, limit 25 s (pid 42), killed with"
                + " SIGKILL (by cron)\n");
        assertThat(RevivalNote.take(dir)).contains("watchdog hung: heartbeat 95 s old, limit 25 s (pid 42), killed"
                + " with SIGKILL (by cron)");
        assertThat(dir.resolve("revived")).doesNotExist();
        assertThat(RevivalNote.take(dir)).isEmpty();
    }

    @Test
    void noNoteIsNoRevivalAndAnOddOneIsCutToOneLine() throws IOException {
        assertThat(RevivalNote.take(dir)).isEmpty();
        Files.writeString(dir.resolve("revived"), "x".repeat(600) + "\nsecond line\n");
        assertThat(RevivalNote.take(dir)).hasValueSatisfying(w -> assertThat(w).hasSize(503).endsWith("..."));
    }
}
