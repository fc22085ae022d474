package io.ultrawatch.watchdog.config;

import java.time.Duration;

/**
 * The memory limit of a bot and all its descendants (YAML key {@code memory}).
 *
 * @param maxMb resident set size limit in MiB, 0 for none (default 512; env {@code MAX_MEMORY_MB})
 * @param sampleInterval time between samples (default 5s)
 * @param consecutiveSamples samples in a row over the limit that restart the bot (default 3)
 */
public record MemoryConfig(long maxMb, Duration sampleInterval, int consecutiveSamples) {
    public boolean limited() {
        return maxMb > 0;
    }
}
