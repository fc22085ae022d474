package io.ultrawatch.watchdog.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path dir;

    @Test
    void rotationBeforeAStartShiftsNumberedFilesAndDropsTheOldest() throws IOException {
        Path log = dir.resolve("demo.out.log");
        Files.writeString(log.resolveSibling("demo.out.log.1"), "one");
        Files.writeString(log.resolveSibling("demo.out.log.2"), "two");
        Files.writeString(log, "x".repeat(100));
        LogFiles.rotateIfLarger(log, 50, 2);
        assertThat(log).doesNotExist();
        assertThat(log.resolveSibling("demo.out.log.1")).hasContent("x".repeat(100));
        assertThat(log.resolveSibling("demo.out.log.2")).hasContent("one");
        assertThat(log.resolveSibling("demo.out.log.3")).doesNotExist();
    }

    @Test
    void smallFileIsLeftAlone() throws IOException {
        Path log = dir.resolve("demo.out.log");
        Files.writeString(log, "short");
        LogFiles.rotateIfLarger(log, 50, 2);
        LogFiles.copyTruncateIfLarger(log, 50, 2);
        assertThat(log).hasContent("short");
        assertThat(log.resolveSibling("demo.out.log.1")).doesNotExist();
    }

    @Test
    void copyTruncateKeepsTheWritersAppendHandleWorking() throws IOException {
        Path log = dir.resolve("demo.out.log");
        try (var writer = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            writer.write("a".repeat(100).getBytes());
            writer.flush();
            LogFiles.copyTruncateIfLarger(log, 50, 3);
            writer.write("after".getBytes());
        }
        assertThat(log.resolveSibling("demo.out.log.1")).hasContent("a".repeat(100));
        assertThat(log).hasContent("after");
    }
}
