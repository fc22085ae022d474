package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.NotifyConfig;
import io.ultrawatch.watchdog.notify.SendResult;
import io.ultrawatch.watchdog.notify.SinkTester;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ultrawatch notify ...}: notification tools; today {@code notify test}. */
@Command(name = "notify", description = "Notification tools.", subcommands = {NotifyCommand.Test.class,
        CommandLine.HelpCommand.class})
final class NotifyCommand {
    /** The config cannot be used (sysexits EX_CONFIG): invalid, a secret variable not set, or no such sink. */
    static final int EXIT_CONFIG = 78;
    /** A sink failed; the same number as the other commands' "refused". */
    static final int EXIT_FAILED = 1;

    @Command(name = "test", description = "Sends a test message through each configured sink (or one) and prints"
            + " what each answered.",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:every sink accepted the message",
                    "1:a sink failed (its answer is printed)",
                    "78:the config is invalid, a sink's secret variable is not set, or there is no such sink"})
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--sink", paramLabel = "NAME", description = "Only this sink.")
        String sink;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "The config file (default: watchdog.yml in the current folder).")
        Path configFile;

        /** The time stamp of the test message; a field so that a test can fix it. */
        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = Target.chooseConfig(configFile);
            NotifyConfig config;
            try {
                config = ConfigLoader.load(file, System.getenv()).notifications();
            } catch (ConfigException e) {
                e.errors().forEach(err::println);
                return EXIT_CONFIG;
            }
            if (!config.enabled()) {
                err.println((file == null ? "the default config" : file) + " configures no notify.sinks");
                return EXIT_CONFIG;
            }
            if (sink != null && config.sink(sink).isEmpty()) {
                err.println("no sink named " + sink + "; the config has: " + config.sinks().stream()
                        .map(s -> s.name()).collect(Collectors.joining(", ")));
                return EXIT_CONFIG;
            }
            List<SinkTester.Outcome> outcomes = SinkTester.run(config, System.getenv(), sink, clock.instant());
            boolean unusable = false;
            boolean failed = false;
            for (SinkTester.Outcome o : outcomes) {
                SendResult r = o.result();
                if (r == null) {
                    unusable = true;
                    out.println(o.sink() + " (" + o.type() + "): not sent: " + o.problem());
                } else {
                    failed |= !r.ok();
                    out.println(o.sink() + " (" + o.type() + "): " + (r.ok() ? "ok" : "FAILED") + ": " + r.detail());
                }
            }
            return unusable ? EXIT_CONFIG : failed ? EXIT_FAILED : 0;
        }
    }
}
