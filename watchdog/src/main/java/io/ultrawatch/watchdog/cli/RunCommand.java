package io.ultrawatch.watchdog.cli;

import ch.qos.logback.classic.LoggerContext;
import io.ultrawatch.watchdog.Version;
import io.ultrawatch.watchdog.Watchdog;
import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.event.EventLog;
import io.ultrawatch.watchdog.http.ControlServer;
import io.ultrawatch.watchdog.log.LogSetup;
import io.ultrawatch.watchdog.metrics.UltrawatchMetrics;
import io.ultrawatch.watchdog.probe.HttpHealthProber;
import io.ultrawatch.watchdog.process.LocalProcessLauncher;
import io.ultrawatch.watchdog.process.WatchdogLock;
import io.ultrawatch.watchdog.resource.OshiMemoryProbe;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.time.SystemScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Runs the watchdog in the foreground until SIGTERM or Ctrl+C, which stop the bots"
        + " too. A watchdog killed any other way leaves its bots running for the next one to adopt.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    /** Threads running the timers and the supervisors' loops; both only do short work, so two serve hundreds. */
    private static final int LOOP_THREADS = 2;
    /** Events waiting for the log writer; past this they are dropped (and counted) rather than stall a bot. */
    private static final int EVENT_QUEUE = 10_000;

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
        LogSetup.configure(config.watchdog().logDir(), config.watchdog().log(), console);

        SystemScheduler time = new SystemScheduler(LOOP_THREADS, "ultrawatch-loop");
        Executor loops = time.executor();
        ThreadPoolExecutor delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(EVENT_QUEUE), daemon("ultrawatch-events"));
        EventBus bus = new EventBus(delivery);
        bus.subscribe(new EventLog());
        long pid = ProcessHandle.current().pid();
        StatusBoard board = new StatusBoard(new WatchdogInfo(pid, Version.get(), time.clock().instant(),
                config.sourceLabel()), time.clock());
        boolean tls = config.bots().stream().anyMatch(b -> "https".equals(b.health().url().getScheme()));
        HttpHealthProber prober = new HttpHealthProber(time, tls);
        Watchdog watchdog = new Watchdog(config, time, loops, bus, board,
                new LocalProcessLauncher(statusDir, config.watchdog().logDir(), time), prober,
                new OshiMemoryProbe(), () -> ThreadLocalRandom.current().nextDouble());

        ControlServer control = startControl(watchdog, time, err);
        if (control != null) {
            // Into status/heartbeat, where cron finds /healthz without parsing control.json.
            board.setControl(new StatusBoard.ControlAddress(control.uri().getHost().replaceAll("^\\[|\\]$", ""),
                    control.uri().getPort()));
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (control != null) {
                    board.setControl(null);
                    control.close();
                }
                watchdog.close();
                delivery.shutdown();
                delivery.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                prober.close();
                time.close();
                lock.get().close();
                ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
                stopped.countDown();
            }
        }, "ultrawatch-shutdown"));

        watchdog.start();
        // SIGHUP = reload watchdog.yml; the outcome goes to the logs as an event, the old config stays if invalid.
        HangupTrap.install(watchdog::reload);
        out.println("ultrawatch " + Version.get() + " running (pid " + pid + "), config " + config.sourceLabel());
        out.println("  status: " + statusDir.resolve("status.json"));
        out.println("  logs:   " + config.watchdog().logDir());
        if (control != null) {
            out.println("  dashboard: " + control.uri() + "  (token: " + statusDir.resolve("control.token") + ")");
        }
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The dashboard, API and metrics; a failure to bind is reported and supervision goes on without them, because
     * keeping the bots alive matters more than being able to watch it.
     */
    private static ControlServer startControl(Watchdog watchdog, SystemScheduler time, PrintWriter err) {
        if (!watchdog.config().watchdog().control().enabled()) {
            return null;
        }
        try {
            return ControlServer.start(watchdog, time, UltrawatchMetrics.create(watchdog.board(), watchdog.bus(),
                    time.clock(), watchdog::statusWriteFailures));
        } catch (IOException e) {
            LoggerFactory.getLogger(RunCommand.class).error("Control server not started: {}", e.getMessage());
            err.println("Control server not started: " + e.getMessage() + " (the bots are supervised anyway)");
            return null;
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
