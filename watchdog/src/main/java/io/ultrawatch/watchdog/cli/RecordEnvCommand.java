package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.EnvBase;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.files.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Records the base environment of the bots ({@code status/env.base}) from this command's own environment: the start
 * and cron setup scripts run it from the user's shell, so a bot gets the same PATH, locale and {@code env_inherit}
 * variables whether the watchdog came from that shell or from cron. Prints the names, never a value.
 */
@Command(name = "record-env", description = "Records PATH, LANG, LC_ALL, HOME, USER, LOGNAME, TZ, SHELL and the"
        + " bots' env_inherit variables from this environment into status/env.base (mode 0600), the environment every"
        + " bot starts from. The start and cron setup scripts run it.")
final class RecordEnvCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (default: watchdog.yml in the current folder if present, else built-in"
                    + " defaults).")
    Path configFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path file = Target.chooseConfig(configFile);
        WatchdogConfig config;
        int exit = ExitCodes.OK;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            // Still record the fixed names: the folders do not depend on the errors, and the start reports them.
            err.println("warning: errors in " + file + " (run: ultrawatch check-config " + file + "); recording"
                    + " the base variables without any env_inherit");
            Path base = file == null ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
            config = ConfigLoader.defaults(base, Map.of());
            exit = ExitCodes.CONFIG_INVALID;
        }
        List<String> inherit = new ArrayList<>();
        for (BotConfig bot : config.bots()) {
            inherit.addAll(bot.envInherit());
        }
        Map<String, String> base = EnvBase.capture(System.getenv(), EnvBase.names(inherit));
        Path target = EnvBase.file(config.watchdog().statusDir());
        AtomicFiles.write(target, EnvBase.format(base));   // 0600, as everything the watchdog writes
        spec.commandLine().getOut().println("Recorded the bots' base environment in " + target + ": "
                + String.join(" ", base.keySet()));
        return exit;
    }
}
