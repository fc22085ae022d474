package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.LogConfig;
import io.ultrawatch.watchdog.config.MemoryConfig;
import io.ultrawatch.watchdog.config.RestartConfig;
import io.ultrawatch.watchdog.config.ScheduleConfig;
import io.ultrawatch.watchdog.config.StopConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Bot configs for unit tests, with the records' {@code DEFAULTS} and a few knobs. */
public final class TestBots {
    private TestBots() {
    }

    public static BotConfig demo() {
        return bot("demo", List.of("java", "-jar", "demo-bot.jar"), Path.of("/tmp"), null);
    }

    public static BotConfig bot(String name, List<String> command, Path workingDir, Path flagFile) {
        return new BotConfig(name, command, workingDir, Map.of(), null,
                HealthConfig.DEFAULTS, MemoryConfig.DEFAULTS, RestartConfig.DEFAULTS, StopConfig.DEFAULTS,
                ScheduleConfig.DEFAULTS, flagFile, null, LogConfig.DEFAULTS);
    }

    public static BotConfig withHealth(BotConfig b, HealthConfig h) {
        return new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), b.envFile(), h, b.memory(), b.restart(),
                b.stop(), b.schedule(), b.restartFlagFile(), b.reloadSignal(), b.log());
    }

    public static BotConfig withMemory(BotConfig b, MemoryConfig m) {
        return new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), b.envFile(), b.health(), m, b.restart(),
                b.stop(), b.schedule(), b.restartFlagFile(), b.reloadSignal(), b.log());
    }

    public static BotConfig withSchedule(BotConfig b, ScheduleConfig s) {
        return new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), b.envFile(), b.health(), b.memory(),
                b.restart(), b.stop(), s, b.restartFlagFile(), b.reloadSignal(), b.log());
    }

    public static BotConfig withEnvFile(BotConfig b, Path envFile) {
        return new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), envFile, b.health(), b.memory(),
                b.restart(), b.stop(), b.schedule(), b.restartFlagFile(), b.reloadSignal(), b.log());
    }

    public static BotConfig withFlagFile(BotConfig b, Path flag) {
        return new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), b.envFile(), b.health(), b.memory(),
                b.restart(), b.stop(), b.schedule(), flag, b.reloadSignal(), b.log());
    }
}
