package io.ultrawatch.watchdog.process;

import io.ultrawatch.watchdog.config.BotConfig;
import java.io.IOException;
import java.util.Optional;

/** Starts bots as fresh processes and finds those an earlier watchdog left running. */
public interface ProcessLauncher {
    /** Starts a new process for the bot (code reloaded from disk, env file read again) and records its pid file. */
    BotProcess start(BotConfig bot) throws IOException;

    /** The bot an earlier watchdog started, when its pid file names a live process with the recorded start time. */
    Optional<BotProcess> adopt(BotConfig bot);

    /** Removes the bot's pid file after a deliberate stop, so nobody adopts a bot that is gone. */
    void forget(BotConfig bot);
}
