package io.ultrawatch.watchdog.control;

import io.ultrawatch.watchdog.model.RestartReason;
import java.util.List;

/**
 * What the control API may change: the bots, by name. Each call only asks (the bot's own loop carries it out) and
 * returns at once; a name that is not configured (any more) is ignored. Implemented by the watchdog; thread-safe.
 */
public interface BotControl {
    /** The configured bots' names, sorted. */
    List<String> bots();

    void start(String bot);

    void stop(String bot);

    void restart(String bot, RestartReason reason, String detail);

    /** Sends the bot its reload signal (SIGHUP by default). */
    void reload(String bot);
}
