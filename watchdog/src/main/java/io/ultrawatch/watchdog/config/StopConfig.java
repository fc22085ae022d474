package io.ultrawatch.watchdog.config;

import io.ultrawatch.watchdog.model.Signal;
import java.time.Duration;

/**
 * How a bot is stopped (YAML key {@code stop}): the signal goes to the bot's whole process tree, and whatever is left
 * after the grace gets SIGKILL. The defaults are {@link #DEFAULTS}.
 *
 * @param signal sent to the tree first
 * @param grace time to exit before SIGKILL
 */
public record StopConfig(Signal signal, Duration grace) {
    /** What a bot gets for every key it leaves out; the only place these values are written. */
    public static final StopConfig DEFAULTS = new StopConfig(Signal.TERM, Duration.ofSeconds(10));
}
