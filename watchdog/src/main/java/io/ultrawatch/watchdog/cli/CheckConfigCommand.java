package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.StartChecks;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check-config", description = "Validates a config file and lists every error, including what would fail when a bot"
        + " starts (program not on the bot's PATH, missing working dir or env file, shared health port).")
final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The config file, e.g. watchdog.yml.")
    Path file;

    @Override
    public Integer call() {
        try {
            WatchdogConfig config = ConfigLoader.load(file, System.getenv());
            // Then what will fail when a bot starts (disk, PATH, ports): kept out of the loader, see StartChecks.
            List<StartChecks.Finding> findings = StartChecks.check(config, System.getenv());
            findings.forEach(f -> spec.commandLine().getErr().println(f));
            long errors = findings.stream().filter(StartChecks.Finding::error).count();
            if (errors > 0) {
                spec.commandLine().getErr().println(errors + " error(s) in " + file);
                return ExitCodes.CONFIG_INVALID;
            }
            long warnings = findings.size() - errors;
            spec.commandLine().getOut().println(file + " is valid: " + config.bots().size() + " bot(s) "
                    + config.bots().stream().map(b -> b.name()).toList()
                    + (warnings > 0 ? ", " + warnings + " warning(s)" : ""));
            return 0;
        } catch (ConfigException e) {
            e.errors().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println(e.errors().size() + " error(s) in " + file);
            return ExitCodes.CONFIG_INVALID;
        }
    }
}
