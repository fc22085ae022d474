package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Looks for the bot's {@code restart_flag_file} every {@link #INTERVAL} while the bot is not stopped, and removes it
 * when found: the bot's way to ask for a restart (the original suite's bots write {@code .discord_bot_restart}). On
 * the supervisor's actor only.
 */
final class FlagWatch {
    /** How often the restart flag file is looked for. */
    static final Duration INTERVAL = Duration.ofMillis(500);

    private final Supplier<BotConfig> config;
    private final Scheduler time;
    private final Executor actor;
    private final Sink sink;
    private PeriodicTask checks;

    FlagWatch(Supplier<BotConfig> config, Scheduler time, Executor actor, Sink sink) {
        this.config = config;
        this.time = time;
        this.actor = actor;
        this.sink = sink;
    }

    void start() {
        cancel();
        if (config.get().restartFlagFile() != null) {
            checks = new PeriodicTask(time, actor, this::check);
            checks.next(INTERVAL);
        }
    }

    void cancel() {
        if (checks != null) {
            checks.cancel();
        }
    }

    /** Removes the flag file when present; true when it was there. */
    boolean take() {
        Path flag = config.get().restartFlagFile();
        if (flag == null) {
            return false;
        }
        try {
            return Files.deleteIfExists(flag);
        } catch (IOException e) {
            return Files.exists(flag);
        }
    }

    /** "restart flag file .discord_bot_restart", for a restart's detail. */
    String describe() {
        return "restart flag file " + config.get().restartFlagFile().getFileName();
    }

    private void check() {
        if (take()) {
            sink.input(new Input.FlagSeen(describe()));
        }
        checks.next(INTERVAL);
    }
}
