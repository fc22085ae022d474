package io.ultrawatch.watchdog.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ultrawatch}: the watchdog's command line. Exit codes are listed in each command's help. */
@Command(name = "ultrawatch", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Keeps chat bots alive: starts, probes, restarts and reports on them.",
        subcommands = {RunCommand.class, StatusCommand.class, RestartCommand.class, StopCommand.class,
                StartCommand.class, ReloadCommand.class, EventsCommand.class, CheckConfigCommand.class,
                VersionCommand.class, NotifyCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Some bot is not running ({@code status}), or the watchdog refused a request (the reason is printed). */
    public static final int EXIT_REFUSED = 1;
    /** A config that cannot be used. */
    public static final int EXIT_CONFIG = 2;
    /** Another watchdog holds the lock. */
    public static final int EXIT_ALREADY_RUNNING = 4;
    /** The watchdog is not running, hung, or cannot be reached. */
    public static final int EXIT_NOT_RUNNING = 3;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
