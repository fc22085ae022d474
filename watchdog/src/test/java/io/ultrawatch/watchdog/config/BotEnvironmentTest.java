package io.ultrawatch.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The environment rule as a table: recorded base (or own env), then env, then env_file; never the watchdog's own. */
class BotEnvironmentTest {
    private static final Map<String, String> SHELL = Map.of("PATH", "/home/me/.local/bin:/usr/bin:/bin",
            "LANG", "de_DE.UTF-8", "HOME", "/home/me", "DISCORD_TOKEN", "shell-token", "EDITOR", "vim");
    private static final Map<String, String> CRON = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/me",
            "CHECK_INTERVAL", "5s", "MALLOC_ARENA_MAX", "2", "ULTRA_JAVA", "/usr/bin/java", "JAVA_TOOL_OPTIONS",
            "-Xmx1g", "NOTIFY_SOCKET", "/run/notify", "WATCHDOG_USEC", "1000", "DISCORD_TOKEN", "cron-token");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("recorded base, fixed names only", Optional.of(SHELL), CRON, List.of(), Map.of(), Map.of(),
                        Map.of("PATH", "/home/me/.local/bin:/usr/bin:/bin", "LANG", "de_DE.UTF-8", "HOME", "/home/me")),
                Arguments.of("recorded base with env_inherit", Optional.of(SHELL), CRON, List.of("DISCORD_TOKEN"),
                        Map.of(), Map.of(), Map.of("PATH", "/home/me/.local/bin:/usr/bin:/bin", "LANG", "de_DE.UTF-8",
                                "HOME", "/home/me", "DISCORD_TOKEN", "shell-token")),
                Arguments.of("an inherited name missing from the file is not taken from the watchdog",
                        Optional.of(Map.of("PATH", "/a")), CRON, List.of("DISCORD_TOKEN"), Map.of(), Map.of(),
                        Map.of("PATH", "/a")),
                Arguments.of("nothing recorded: the same names from the watchdog, never its own variables",
                        Optional.empty(), CRON, List.of("DISCORD_TOKEN"), Map.of(), Map.of(),
                        Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/me", "DISCORD_TOKEN", "cron-token")),
                Arguments.of("env over base, env_file over env", Optional.of(SHELL), CRON, List.of(),
                        Map.of("LANG", "C.UTF-8", "A", "env"), Map.of("A", "file", "B", "file"),
                        Map.of("PATH", "/home/me/.local/bin:/usr/bin:/bin", "LANG", "C.UTF-8", "HOME", "/home/me",
                                "A", "file", "B", "file")),
                Arguments.of("a watchdog variable set explicitly in env reaches the bot", Optional.of(SHELL), CRON,
                        List.of(), Map.of("MALLOC_ARENA_MAX", "4"), Map.of(),
                        Map.of("PATH", "/home/me/.local/bin:/usr/bin:/bin", "LANG", "de_DE.UTF-8", "HOME", "/home/me",
                                "MALLOC_ARENA_MAX", "4")),
                Arguments.of("a hand-edited base with watchdog variables: they are dropped",
                        Optional.of(EnvBase.parse(List.of("PATH=/x", "CHECK_INTERVAL=1s", "ULTRA_ROOT=/r"))), CRON,
                        List.of(), Map.of(), Map.of(), Map.of("PATH", "/x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void buildsTheBotsEnvironment(String why, Optional<Map<String, String>> recorded, Map<String, String> own,
                                  List<String> inherit, Map<String, String> env, Map<String, String> envFile,
                                  Map<String, String> expected) {
        BotConfig bot = bot(inherit, env);

        Map<String, String> built = BotEnvironment.build(EnvBase.forBot(bot, recorded, own), bot, envFile);

        assertThat(built).containsExactlyInAnyOrderEntriesOf(expected);
    }

    static BotConfig bot(List<String> inherit, Map<String, String> env) {
        return new BotConfig("b", List.of("true"), Path.of("/tmp"), env, null, HealthConfig.DEFAULTS,
                MemoryConfig.DEFAULTS, RestartConfig.DEFAULTS, StopConfig.DEFAULTS, ScheduleConfig.DEFAULTS, null, null,
                LogConfig.DEFAULTS, inherit);
    }
}
