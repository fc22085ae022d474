package io.ultrawatch.watchdog.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Size-based rotation of a bot's output log, which the bot itself writes (the watchdog holds no handle on it). */
public final class LogFiles {
    private LogFiles() {
    }

    /**
     * Before a start, when nobody writes the file: {@code x.log → x.log.1 → … → x.log.N}, the oldest dropped.
     */
    public static void rotateIfLarger(Path file, long maxBytes, int keep) throws IOException {
        if (!Files.exists(file) || Files.size(file) <= maxBytes) {
            return;
        }
        shift(file, keep);
        if (keep > 0) {
            Files.move(file, numbered(file, 1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file);
        }
    }

    /**
     * While the bot runs: copy the file to {@code x.log.1} and truncate it in place. The bot opened it in append mode,
     * so its next write lands at the new end. Lines written between the copy and the truncate are lost; that is the
     * price of rotating a file the watchdog does not own (logrotate's copytruncate makes the same trade).
     */
    public static void copyTruncateIfLarger(Path file, long maxBytes, int keep) throws IOException {
        if (!Files.exists(file) || Files.size(file) <= maxBytes) {
            return;
        }
        if (keep > 0) {
            shift(file, keep);
            // COPY_ATTRIBUTES: the copy keeps the log's 0600, whatever the umask.
            Files.copy(file, numbered(file, 1), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    private static void shift(Path file, int keep) throws IOException {
        if (keep <= 0) {
            return;
        }
        Files.deleteIfExists(numbered(file, keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = numbered(file, i);
            if (Files.exists(from)) {
                Files.move(from, numbered(file, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static Path numbered(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }
}
