package io.ultrawatch.watchdog.config;

import java.time.Duration;

/**
 * The memory limit of a bot and all its descendants (YAML key {@code memory}). The defaults are {@link #DEFAULTS}.
 *
 * @param maxMb resident set size limit in MiB, 0 for none (env {@code MAX_MEMORY_MB})
 * @param sampleInterval time between samples
 * @param consecutiveSamples samples in a row over the limit that restart the bot
 */
public record MemoryConfig(long maxMb, Duration sampleInterval, int consecutiveSamples) {
    /** What a bot gets for every key it leaves out; the only place these numbers are written. */
    public static final MemoryConfig DEFAULTS = new MemoryConfig(512, Duration.ofSeconds(5), 3);

    public boolean limited() {
        return maxMb > 0;
    }
}
