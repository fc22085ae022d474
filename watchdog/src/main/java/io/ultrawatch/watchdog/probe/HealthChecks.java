package io.ultrawatch.watchdog.probe;

import io.ultrawatch.watchdog.config.BotConfig;
import java.util.function.Consumer;

/**
 * Runs a bot's health check as its {@code health} config says, never on the caller's thread: the answer arrives on
 * another thread, exactly once, and a slow check of one bot never delays another's.
 */
public interface HealthChecks {
    void check(BotConfig bot, Consumer<ProbeResult> done);
}
