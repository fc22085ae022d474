package io.ultrawatch.watchdog.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code start}, {@code stop} and {@code restart}: one class registered under three names, because the three differ
 * only in the API path and the description.
 */
@Command
final class BotActionCommand extends ApiCommand {
    enum Action {
        RESTART("restart", "Restarts a bot now (a fresh process; at most 3 a minute through the API)."),
        STOP("stop", "Stops a bot and its whole process tree; it stays stopped until 'start' (or a watchdog"
                + " restart)."),
        START("start", "Starts a stopped bot, or one waiting out a backoff, at once.");

        final String command;
        final String description;

        Action(String command, String description) {
            this.command = command;
            this.description = description;
        }
    }

    private final Action action;

    @Parameters(index = "0", paramLabel = "BOT", description = "The bot's name from the config.")
    String bot;

    BotActionCommand(Action action) {
        this.action = action;
    }

    /** The command line of one action, named and described for it. */
    static CommandLine commandLine(Action action) {
        CommandLine cl = new CommandLine(new BotActionCommand(action));
        cl.getCommandSpec().name(action.command);
        cl.getCommandSpec().usageMessage().description(action.description);
        return cl;
    }

    @Override
    String path() {
        return botPath(bot, action.command);
    }
}
