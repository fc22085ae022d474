package io.ultrawatch.watchdog.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "stop", description = "Stops a bot and its whole process tree; it stays stopped until 'start' (or a watchdog restart).",
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:accepted", "1:refused (unknown bot, wrong token,"
                + " rate limit; the reason is printed)", "3:the watchdog is not running or cannot be reached"})
final class StopCommand extends BotActionCommand {
    @Parameters(index = "0", paramLabel = "BOT", description = "The bot's name from the config.")
    String bot;

    @Override
    String path() {
        return botPath(bot, "stop");
    }
}
