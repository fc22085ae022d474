package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check-config", description = "Validates a config file and lists every error.")
final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The config file, e.g. watchdog.yml.")
    Path file;

    @Override
    public Integer call() {
        try {
            WatchdogConfig config = ConfigLoader.load(file, System.getenv());
            spec.commandLine().getOut().println(file + " is valid: " + config.bots().size() + " bot(s) "
                    + config.bots().stream().map(b -> b.name()).toList());
            return 0;
        } catch (ConfigException e) {
            e.errors().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println(e.errors().size() + " error(s) in " + file);
            return ExitCodes.CONFIG_INVALID;
        }
    }
}
