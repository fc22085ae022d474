package io.ultrawatch.watchdog.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole environment of a bot's process, built afresh at every start and never inherited from the watchdog: the
 * base ({@link EnvBase#forBot}), then the bot's {@code env}, then its {@code env_file} (a later one wins for a name
 * set twice). Pure: the caller reads the files.
 */
public final class BotEnvironment {
    private BotEnvironment() {
    }

    /**
     * @param base the bot's base variables ({@link EnvBase#forBot})
     * @param envFile the variables of its {@code env_file}, read for this start (empty when it has none)
     */
    public static Map<String, String> build(Map<String, String> base, BotConfig bot, Map<String, String> envFile) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.putAll(bot.env());
        env.putAll(envFile);
        return env;
    }
}
