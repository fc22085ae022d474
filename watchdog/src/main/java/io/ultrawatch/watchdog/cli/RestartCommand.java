package io.ultrawatch.watchdog.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restart", description = "Restarts a bot now (a fresh process; at most 3 a minute through the API).",
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:accepted", "1:refused (unknown bot, wrong token,"
                + " rate limit; the reason is printed)", "3:the watchdog is not running or cannot be reached"})
final class RestartCommand extends BotActionCommand {
    @Parameters(index = "0", paramLabel = "BOT", description = "The bot's name from the config.")
    String bot;

    @Override
    String path() {
        return botPath(bot, "restart");
    }
}
