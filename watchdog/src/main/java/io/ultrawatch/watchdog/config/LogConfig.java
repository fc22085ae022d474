package io.ultrawatch.watchdog.config;

/**
 * Size-based rotation of a log file (YAML key {@code log}).
 *
 * @param maxSizeMb rotate when the file is larger than this (default 10)
 * @param keep rotated files kept beside the live one (default 5)
 */
public record LogConfig(long maxSizeMb, int keep) {
    public long maxSizeBytes() {
        return maxSizeMb * 1024 * 1024;
    }
}
