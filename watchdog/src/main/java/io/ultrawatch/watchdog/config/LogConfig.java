package io.ultrawatch.watchdog.config;

/**
 * Size-based rotation of a log file (YAML key {@code log}, of the watchdog and of each bot). The defaults are
 * {@link #DEFAULTS}.
 *
 * @param maxSizeMb rotate when the file is larger than this
 * @param keep rotated files kept beside the live one
 */
public record LogConfig(long maxSizeMb, int keep) {
    /** What the watchdog's and every bot's {@code log} get for the keys left out; the only place they are written. */
    public static final LogConfig DEFAULTS = new LogConfig(10, 5);

    public long maxSizeBytes() {
        return maxSizeMb * 1024 * 1024;
    }
}
