package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.Assembly;
import io.ultrawatch.watchdog.Version;
import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.process.WatchdogLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Runs the watchdog in the foreground until SIGTERM or Ctrl+C, which stop the bots"
        + " too. A watchdog killed any other way leaves its bots running for the next one to adopt.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (default: watchdog.yml in the current folder if present, else built-in"
                    + " defaults: the demo bot).")
    Path configFile;

    @Option(names = "--console", description = "Also log to the console.")
    boolean console;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = Target.chooseConfig(configFile);
        WatchdogConfig config;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            return ExitCodes.CONFIG_INVALID;
        }
        Path statusDir = config.watchdog().statusDir();
        Optional<WatchdogLock> lock = WatchdogLock.tryAcquire(statusDir);
        if (lock.isEmpty()) {
            String holder = WatchdogLock.pidFile(statusDir).read().map(e -> "pid " + e.pid()).orElse("unknown pid");
            err.println("Another watchdog is already running (" + holder + ", lock " + statusDir.resolve(
                    "watchdog.lock") + "); not starting a second one.");
            return ExitCodes.ANOTHER_WATCHDOG;
        }
        Assembly app = Assembly.build(config, console, err);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } finally {
                lock.get().close();
                stopped.countDown();
            }
        }, "ultrawatch-shutdown"));

        app.start();
        // SIGHUP = reload watchdog.yml; the outcome goes to the logs as an event, the old config stays if invalid.
        HangupTrap.install(app::reload);
        long pid = ProcessHandle.current().pid();
        out.println("ultrawatch " + Version.get() + " running (pid " + pid + "), config " + config.sourceLabel());
        out.println("  status: " + statusDir.resolve("status.json"));
        out.println("  logs:   " + config.watchdog().logDir());
        app.dashboard().ifPresent(uri -> out.println("  dashboard: " + uri + "  (token: "
                + statusDir.resolve("control.token") + ")"));
        out.flush();
        stopped.await();
        return 0;
    }
}
