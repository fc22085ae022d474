package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.model.Signal;
import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.LogConfig;
import io.ultrawatch.watchdog.config.MemoryConfig;
import io.ultrawatch.watchdog.config.RestartConfig;
import io.ultrawatch.watchdog.config.ScheduleConfig;
import io.ultrawatch.watchdog.config.StopConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Bot configs for unit tests, with the documented defaults and a few knobs. */
public final class TestBots {
    private TestBots() {
    }

    public static BotConfig demo() {
        return bot("demo", List.of("java", "-jar", "demo-bot.jar"), Path.of("/tmp"), null);
    }

    public static BotConfig bot(String name, List<String> command, Path workingDir, Path flagFile) {
        return new BotConfig(name, command, workingDir, Map.of(), null,
                new HealthConfig(URI.create("http://127.0.0.1:5001/health"), Duration.ofSeconds(5),
                        Duration.ofSeconds(2), 3, Duration.ofSeconds(60)),
                new MemoryConfig(512, Duration.ofSeconds(5), 3),
                new RestartConfig(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(300), 0.2, Duration.ofSeconds(60)),
                new StopConfig(Signal.TERM, Duration.ofSeconds(10)),
                new ScheduleConfig(null, Duration.ZERO), flagFile, null, new LogConfig(10, 5));
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

    public static BotConfig withFlagFile(BotConfig b, Path flag) {
        return new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), b.envFile(), b.health(), b.memory(),
                b.restart(), b.stop(), b.schedule(), flag, b.reloadSignal(), b.log());
    }
}
