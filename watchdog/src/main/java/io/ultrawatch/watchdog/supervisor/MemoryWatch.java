package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.MemoryConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.resource.MemoryProbe;
import io.ultrawatch.watchdog.time.Scheduler;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Samples the resident memory of one process's tree every {@code memory.sample_interval} and reports a bot over its
 * limit for {@code consecutive_samples} samples in a row (one sample under the limit starts the count again). One
 * instance per process, on the supervisor's actor only.
 */
final class MemoryWatch {
    private static final long MB = 1024 * 1024;

    private final Supplier<BotConfig> config;
    private final BotProcess process;
    private final MemoryProbe memory;
    private final Sink sink;
    private final PeriodicTask samples;
    private int over;
    private Long bytes;

    MemoryWatch(Supplier<BotConfig> config, BotProcess process, Scheduler time, Executor actor, MemoryProbe memory,
                Sink sink) {
        this.config = config;
        this.process = process;
        this.memory = memory;
        this.sink = sink;
        this.samples = new PeriodicTask(time, actor, this::sample);
    }

    void start() {
        samples.next(limits().sampleInterval());
    }

    void cancel() {
        samples.cancel();
    }

    /** The tree's resident bytes at the last sample, or null. */
    Long bytes() {
        return bytes;
    }

    private MemoryConfig limits() {
        return config.get().memory();
    }

    private void sample() {
        OptionalLong rss = memory.rssBytes(process.samplePids());
        bytes = rss.isPresent() ? rss.getAsLong() : null;
        MemoryConfig m = limits();
        if (rss.isPresent() && m.limited() && rss.getAsLong() > m.maxMb() * MB) {
            over++;
            long mb = rss.getAsLong() / MB;
            String name = config.get().name();
            sink.emit(EventKind.MEMORY_HIGH, null, name + " uses " + mb + " MB, over its " + m.maxMb()
                    + " MB limit (sample " + over + "/" + m.consecutiveSamples() + ")",
                    Map.of("memory_mb", mb, "limit_mb", m.maxMb()));
            if (over >= m.consecutiveSamples()) {
                sink.input(new Input.CheckFailed(RestartReason.MEMORY_LIMIT, "RSS " + mb + " MB over the " + m.maxMb()
                        + " MB limit for " + over + " samples"));
                return;
            }
        } else {
            over = 0;
        }
        samples.next(m.sampleInterval());
        sink.publish();
    }
}
