package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * For the shell scripts: the status and log folders a config file gives the watchdog, read by the watchdog's own
 * config loader (flow style, anchors, quoting: whatever YAML allows), as one line {@code STATUS_DIR<TAB>LOG_DIR}
 * with absolute paths. The scripts must never grep YAML for them (issue 14, item 10b). Exit 78 with every error
 * listed when the config is invalid.
 */
@Command(name = "dirs", hidden = true, description = "Prints the status and log folders of a config, for scripts:"
        + " STATUS_DIR<TAB>LOG_DIR.")
final class DirsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (default: watchdog.yml here if present, else the defaults).")
    Path configFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        WatchdogConfig config;
        try {
            config = ConfigLoader.load(Target.chooseConfig(configFile), System.getenv());
        } catch (ConfigException e) {
            e.errors().forEach(spec.commandLine().getErr()::println);
            return ExitCodes.CONFIG_INVALID;
        }
        out.println(config.watchdog().statusDir().toAbsolutePath().normalize() + "\t"
                + config.watchdog().logDir().toAbsolutePath().normalize());
        return ExitCodes.OK;
    }
}
