package io.ultrawatch.watchdog.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ultrawatch}: the watchdog's command line. Exit codes come from {@link ExitCodes} and are listed in each
 * command's help; this class maps what picocli decides itself (usage errors, exceptions) onto the same table.
 */
@Command(name = "ultrawatch", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Keeps chat bots alive: starts, probes, restarts and reports on them.")
public final class Main {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // Registered here rather than in @Command so start/stop/restart can be one class under three names.
        cl.addSubcommand(new RunCommand());
        cl.addSubcommand(new StatusCommand());
        for (BotActionCommand.Action action : BotActionCommand.Action.values()) {
            cl.addSubcommand(action.command, BotActionCommand.commandLine(action));
        }
        cl.addSubcommand(new ReloadCommand());
        cl.addSubcommand(new EventsCommand());
        cl.addSubcommand(new LogsCommand());
        cl.addSubcommand(new CheckConfigCommand());
        cl.addSubcommand(new RecordEnvCommand());
        cl.addSubcommand(new VersionCommand());
        cl.addSubcommand(new NotifyCommand());
        cl.addSubcommand(new ExportCommand());
        cl.addSubcommand(new DirsCommand());
        cl.addSubcommand(new CommandLine.HelpCommand());

        exitCodes(cl, ExitCodes.commandTable());
        cl.getCommandSpec().usageMessage().footer("%nstatus answers with its own codes (LSB): 0 every bot RUNNING,"
                + " 1 a bot not RUNNING, 3 the watchdog not running, 4 unknown (hung, or status unreadable).");
        cl.getSubcommands().forEach((name, sub) -> {
            exitCodes(sub, name.equals("status") ? ExitCodes.statusTable() : ExitCodes.commandTable());
            if (!name.equals("help")) {
                // `ultrawatch status --help` as well as `ultrawatch help status` (help has its own -h).
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        });
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            // A bug, not a user error: say so in one line, then the trace for the report.
            command.getErr().println("ultrawatch: internal error: " + e);
            e.printStackTrace(command.getErr());
            command.getErr().flush();
            return ExitCodes.INTERNAL;
        });
        return cl;
    }

    /** Documents the table in the command's --help and sets what picocli returns for its own decisions. */
    private static void exitCodes(CommandLine cl, Map<String, String> table) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(table);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cl.getCommandSpec().exitCodeOnExecutionException(ExitCodes.INTERNAL);
    }
}
