package io.ultrawatch.watchdog.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "reload", description = "Without BOT: re-reads the watchdog's config file and applies it (an invalid"
        + " file keeps the running config). With BOT: reloads that bot in place with its reload signal.")
final class ReloadCommand extends ApiCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "BOT", description = "The bot to reload (optional).")
    String bot;

    @Override
    String path() {
        return bot == null ? "/api/reload" : botPath(bot, "reload");
    }
}
