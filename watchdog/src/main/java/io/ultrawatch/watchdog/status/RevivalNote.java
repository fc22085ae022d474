package io.ultrawatch.watchdog.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code status/revived}: one line that {@code cron/ensure_running.sh} writes just before it starts a watchdog in
 * place of a dead or hung one ("watchdog hung: heartbeat 95 s old ... (by cron)"). The new watchdog takes it at start,
 * so it knows it was revived and why, and can tell a person (a {@code watchdog_revived} event, which notifications
 * send by default). A note that cannot be read is no revival: the start goes on.
 */
public final class RevivalNote {
    public static final String FILE_NAME = "revived";
    /** A reason is one line a person reads; anything longer was not written by our script. */
    private static final int MAX_LENGTH = 500;

    private RevivalNote() {
    }

    /** The reason, when the note is there; the note is removed either way, so one revival is told once. */
    public static Optional<String> take(Path statusDir) {
        Path note = statusDir.resolve(FILE_NAME);
        try {
            String text = Files.readString(note, StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(note);
            if (text.isEmpty()) {
                return Optional.of("no reason given");
            }
            String line = text.lines().findFirst().orElse("");
            return Optional.of(line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(note);
            } catch (IOException ignored) {
                // A note that can be neither read nor removed is left for the next start to try again.
            }
            return Optional.empty();
        }
    }
}
