package io.ultrawatch.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInheritConfigTest {
    private static WatchdogConfig parse(String botLines) throws ConfigException {
        return ConfigLoader.parse("bots:\n  - name: a\n    command: [x]\n" + botLines, Path.of("watchdog.yml"),
                Path.of("/srv"), Map.of());
    }

    @Test
    void defaultsToNoneAndKeepsTheListedNamesOnce() throws ConfigException {
        assertThat(parse("").bots().get(0).envInherit()).isEmpty();
        assertThat(parse("    env_inherit: [DISCORD_TOKEN, http_proxy, DISCORD_TOKEN]\n").bots().get(0).envInherit())
                .containsExactly("DISCORD_TOKEN", "http_proxy");
    }

    @Test
    void refusesBadNamesAndTheWatchdogsOwnVariables() {
        assertThatThrownBy(() -> parse("    env_inherit: [1X, MALLOC_ARENA_MAX, ULTRA_ROOT]\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "watchdog.yml: bots[0].env_inherit[0] must be a variable name (letters, digits and '_', not"
                                + " starting with a digit), but was '1X'",
                        "watchdog.yml: bots[0].env_inherit[1] names the watchdog's own variable 'MALLOC_ARENA_MAX',"
                                + " which never reaches a bot through the base; set it in the bot's env instead",
                        "watchdog.yml: bots[0].env_inherit[2] names the watchdog's own variable 'ULTRA_ROOT', which"
                                + " never reaches a bot through the base; set it in the bot's env instead"));
        assertThatThrownBy(() -> parse("    env_inherit: DISCORD_TOKEN\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bots[0].env_inherit must be a list of variable names like [DISCORD_TOKEN]");
    }

    @Test
    void aChangedListIsALaunchChange() throws ConfigException {
        BotConfig before = parse("").bots().get(0);
        BotConfig after = parse("    env_inherit: [TZ2]\n").bots().get(0);

        assertThat(before.launchDiffers(after)).isTrue();
    }
}
