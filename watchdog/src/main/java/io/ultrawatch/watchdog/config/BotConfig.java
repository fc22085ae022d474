package io.ultrawatch.watchdog.config;

import io.ultrawatch.watchdog.model.Signal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One supervised bot (an entry of the YAML list {@code bots}).
 *
 * @param name unique, {@code [a-z0-9][a-z0-9_-]*}; names the log file, pid file, metrics tag
 * @param command program and arguments; a first element {@code java} means the JVM running the watchdog
 * @param workingDir where the bot runs (absolute, resolved at load)
 * @param env extra environment variables (values are secrets: never logged)
 * @param envFile a KEY=VALUE file read again at every start, or {@code null}
 * @param restartFlagFile a file the bot writes to ask for a restart, or {@code null} (absolute)
 * @param reloadSignal signal for an in-place reload (e.g. HUP), or {@code null} when the bot has none
 * @param envInherit names of variables the bot takes from the recorded base ({@code status/env.base}) beyond
 *     {@link EnvBase#NAMES}, e.g. {@code DISCORD_TOKEN} exported in the user's shell (default: none)
 */
public record BotConfig(String name, List<String> command, Path workingDir, Map<String, String> env, Path envFile,
                        HealthConfig health, MemoryConfig memory, RestartConfig restart, StopConfig stop,
                        ScheduleConfig schedule, Path restartFlagFile, Signal reloadSignal, LogConfig log,
                        List<String> envInherit) {
    public BotConfig {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        envInherit = List.copyOf(envInherit);
    }

    /** A bot that inherits no variable beyond {@link EnvBase#NAMES}. */
    public BotConfig(String name, List<String> command, Path workingDir, Map<String, String> env, Path envFile,
                     HealthConfig health, MemoryConfig memory, RestartConfig restart, StopConfig stop,
                     ScheduleConfig schedule, Path restartFlagFile, Signal reloadSignal, LogConfig log) {
        this(name, command, workingDir, env, envFile, health, memory, restart, stop, schedule, restartFlagFile,
                reloadSignal, log, List.of());
    }

    /**
     * True when a change between the two needs a fresh process (command, env, env file, inherited names, working
     * dir).
     */
    public boolean launchDiffers(BotConfig other) {
        return !command.equals(other.command) || !workingDir.equals(other.workingDir) || !env.equals(other.env)
                || !java.util.Objects.equals(envFile, other.envFile) || !envInherit.equals(other.envInherit)
                || !java.util.Objects.equals(notifyLaunch(), other.notifyLaunch());
    }

    /** A notify bot's check is part of its launch: it decides NOTIFY_SOCKET and WATCHDOG_USEC. */
    private HealthCheck notifyLaunch() {
        return health.check() instanceof HealthCheck.Notify ? health.check() : null;
    }

    /** A string safe to log: the name and command, never the environment. */
    @Override
    public String toString() {
        return "BotConfig[" + name + ", command=" + command + ", workingDir=" + workingDir + ", env=<" + env.size()
                + " vars>, envFile=" + envFile + ", envInherit=" + envInherit + "]";
    }
}
