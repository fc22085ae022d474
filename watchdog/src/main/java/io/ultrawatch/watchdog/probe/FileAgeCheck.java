package io.ultrawatch.watchdog.probe;

import io.ultrawatch.watchdog.config.HealthCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code health.type: file}: the heartbeat file's modification time must be younger than {@code max_age}. The bot
 * touches the file from its main loop, so a loop that is stuck stops touching it, however alive the process looks.
 */
final class FileAgeCheck {
    private FileAgeCheck() {
    }

    /** @return null when the file is fresh at {@code now}, else what is wrong */
    static String look(HealthCheck.File file, Instant now) {
        try {
            Instant touched = Files.getLastModifiedTime(file.path()).toInstant();
            Duration age = Duration.between(touched, now);
            if (age.compareTo(file.maxAge()) > 0) {
                return "heartbeat file " + file.path().getFileName() + " last touched " + age.toMillis() / 100 / 10.0
                        + " s ago, max " + file.maxAge().toMillis() / 100 / 10.0 + " s";
            }
            return null;
        } catch (NoSuchFileException e) {
            return "heartbeat file " + file.path() + " does not exist (yet)";
        } catch (IOException e) {
            return "cannot read heartbeat file " + file.path() + ": " + e.getMessage();
        }
    }
}
