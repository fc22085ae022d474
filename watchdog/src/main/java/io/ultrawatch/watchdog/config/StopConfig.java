package io.ultrawatch.watchdog.config;

import io.ultrawatch.watchdog.model.Signal;
import java.time.Duration;

/**
 * How a bot is stopped (YAML key {@code stop}): the signal goes to the bot's whole process tree, and whatever is left
 * after the grace gets SIGKILL.
 *
 * @param signal sent to the tree first (default TERM)
 * @param grace time to exit before SIGKILL (default 10s)
 */
public record StopConfig(Signal signal, Duration grace) {
}
