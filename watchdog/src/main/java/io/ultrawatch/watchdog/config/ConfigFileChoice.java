package io.ultrawatch.watchdog.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which config file a watchdog reads: the one named, else {@code watchdog.yml} in its folder when that exists, else
 * none (the built-in defaults: the demo bot). One rule for {@code run} at start, for the commands that locate a
 * watchdog, and for a reload of a watchdog that started without a file: a {@code watchdog.yml} written next to a
 * running demo is then picked up by {@code kill -HUP} exactly as a fresh start would pick it up.
 */
public final class ConfigFileChoice {
    /** The file looked for when none is named. */
    public static final String DEFAULT_NAME = "watchdog.yml";

    private ConfigFileChoice() {
    }

    /**
     * @param given the file named on the command line, or null
     * @param folder where {@value #DEFAULT_NAME} is looked for ({@code Path.of("")} for the working directory, which
     *     keeps the answer relative, as people typed it)
     * @return the file to read, or null for the built-in defaults
     */
    public static Path choose(Path given, Path folder) {
        if (given != null) {
            return given;
        }
        Path candidate = folder.resolve(DEFAULT_NAME);
        return Files.exists(candidate) ? candidate : null;
    }
}
