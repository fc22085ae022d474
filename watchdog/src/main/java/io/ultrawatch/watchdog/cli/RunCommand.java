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
        + " too and exit 0. SIGHUP reloads the config (one sent during start-up reloads once the watchdog is ready)."
        + " A watchdog killed any other way leaves its bots running for the next one to adopt.")
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
        // First of all, before any bot exists: the JVM's default for HUP is to exit, and its shutdown hook would
        // then stop every bot (issue 14). A HUP before the watchdog is ready is kept and answered once it is.
        HangupRelay hangups = new HangupRelay();
        SignalTrap.install("HUP", hangups);
        // TERM and INT are handled here rather than left to the JVM: after a signal-triggered shutdown the JVM exits
        // 128+n (143, 130) whatever its hooks do, yet a stop on request is exit 0. Runtime.halt(0) at the end of the
        // hook would get 0 too, but would also turn any other exit (an internal error's 70) into 0. Under -Xrs the
        // traps fail and the shutdown hook below still stops the bots, with the JVM's exit code.
        CountDownLatch stopRequested = new CountDownLatch(1);
        SignalTrap.install("TERM", stopRequested::countDown);
        SignalTrap.install("INT", stopRequested::countDown);

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
        Shutdown shutdown = new Shutdown(app, lock.get());
        // Any other way out of the JVM (System.exit, an untrapped signal) still stops the bots and frees the lock.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "ultrawatch-shutdown"));

        if (stopRequested.getCount() == 0) {
            shutdown.run();   // stopped while starting: no bot to start only to stop it
            return ExitCodes.OK;
        }
        app.start();
        // SIGHUP = reload watchdog.yml; the outcome goes to the logs as an event, the old config stays if invalid.
        hangups.ready(app::reload);
        long pid = ProcessHandle.current().pid();
        out.println("ultrawatch " + Version.get() + " running (pid " + pid + "), config " + config.sourceLabel());
        out.println("  status: " + statusDir.resolve("status.json"));
        out.println("  logs:   " + config.watchdog().logDir());
        app.dashboard().ifPresent(uri -> out.println("  dashboard: " + uri + "  (token: "
                + statusDir.resolve("control.token") + ")"));
        out.flush();
        stopRequested.await();
        shutdown.run();
        return ExitCodes.OK;
    }

    /** Stops the bots, then frees the lock; once, whoever calls first (the main thread or the shutdown hook). */
    private static final class Shutdown {
        private final Assembly app;
        private final WatchdogLock lock;
        private boolean done;

        Shutdown(Assembly app, WatchdogLock lock) {
            this.app = app;
            this.lock = lock;
        }

        /** Synchronized so that a second caller waits until the first has finished, rather than exit meanwhile. */
        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            try {
                app.close();
            } finally {
                lock.close();
            }
        }
    }
}
