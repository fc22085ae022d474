package io.ultrawatch.watchdog;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ultrawatch.watchdog.config.StartChecks;
import io.ultrawatch.watchdog.config.ReloadResult;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.config.WatchdogSettings;
import io.ultrawatch.watchdog.control.ControlServer;
import io.ultrawatch.watchdog.controlfile.ControlEndpoint;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.event.EventLog;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.files.FileModes;
import io.ultrawatch.watchdog.history.History;
import io.ultrawatch.watchdog.log.LogSetup;
import io.ultrawatch.watchdog.metrics.UltrawatchMetrics;
import io.ultrawatch.watchdog.metrics.NotifyMetrics;
import io.ultrawatch.watchdog.notify.Notifier;
import io.ultrawatch.watchdog.probe.CheckRunner;
import io.ultrawatch.watchdog.probe.HttpHealthProber;
import io.ultrawatch.watchdog.process.LocalProcessLauncher;
import io.ultrawatch.watchdog.resource.OshiMemoryProbe;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.time.DaemonThreads;
import io.ultrawatch.watchdog.time.Scheduler;
import io.ultrawatch.watchdog.time.SystemScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the running watchdog from its config: logging, the scheduler, the event bus and its log, the status board,
 * the prober, the {@link Watchdog} with its supervisors, the metrics and the control server. It is the one place
 * that wires the packages together (the {@code run} command calls it; tests wire smaller watchdogs by hand). It takes
 * no lock and installs no signal handling: the caller does.
 *
 * <p>{@link #close()} stops the parts in order: the control server (and chart history), the watchdog (every bot
 * stopped gracefully), event delivery, the prober, the scheduler, and last the logging. Build, start and close from
 * one thread.
 */
public final class Assembly implements AutoCloseable {
    /** Threads running the timers and the supervisors' loops; both only do short work, so two serve hundreds. */
    private static final int LOOP_THREADS = 2;
    /** Events waiting for the log writer; past this they are dropped (and counted) rather than stall a bot. */
    private static final int EVENT_QUEUE = 10_000;

    private final SystemScheduler time;
    private final ThreadPoolExecutor delivery;
    private final CheckRunner prober;
    private final Watchdog watchdog;
    private final Control control;
    private final Notifier notifier;

    private Assembly(SystemScheduler time, ThreadPoolExecutor delivery, CheckRunner prober, Watchdog watchdog,
                     Control control, Notifier notifier) {
        this.time = time;
        this.delivery = delivery;
        this.prober = prober;
        this.watchdog = watchdog;
        this.control = control;
        this.notifier = notifier;
    }

    /**
     * Configures logging and builds every part; the control server already answers, the bots are not started yet
     * ({@link #start()}). A control server that cannot start is reported on {@code err} and left out: keeping the
     * bots alive matters more than being able to watch it.
     *
     * @param console also log to the console
     */
    public static Assembly build(WatchdogConfig config, boolean console, PrintWriter err) {
        makePrivate(config.watchdog().logDir(), err);
        LogSetup.configure(config.watchdog().logDir(), config.watchdog().log(), console);
        Logger log = LoggerFactory.getLogger(Assembly.class);
        // Modes first: the folders and what older versions left in them become the watchdog user's alone.
        for (Path dir : List.of(config.watchdog().statusDir(), config.watchdog().logDir())) {
            privateWarnings(dir).forEach(log::warn);
        }
        // A control.json left by a killed watchdog names a port someone else may hold now: gone until this
        // watchdog has bound its own (issue 14, item 3).
        try {
            Files.deleteIfExists(ControlEndpoint.file(config.watchdog().statusDir()));
        } catch (IOException e) {
            log.warn("Cannot remove the old {} ({}): clients check its pid against this watchdog's",
                    ControlEndpoint.file(config.watchdog().statusDir()), e.toString());
        }
        // What check-config would report (a missing working dir, a program not on the bot's PATH...): warnings only,
        // the bots are started anyway and a failed start says the same with the bot's name.
        StartChecks.check(config, System.getenv()).forEach(f -> log.warn("check-config: {}", f));
        SystemScheduler time = new SystemScheduler(LOOP_THREADS, "ultrawatch-loop");
        Executor loops = time.executor();
        ThreadPoolExecutor delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(EVENT_QUEUE), DaemonThreads.factory("ultrawatch-events"));
        EventBus bus = new EventBus(delivery);
        bus.subscribe(new EventLog());
        long pid = ProcessHandle.current().pid();
        StatusBoard board = new StatusBoard(new WatchdogInfo(pid, Version.get(), time.clock().instant(),
                config.sourceLabel()), time.clock());
        boolean tls = config.bots().stream().anyMatch(b -> b.health().url() != null
                && "https".equals(b.health().url().getScheme()));
        LocalProcessLauncher launcher = new LocalProcessLauncher(config.watchdog().statusDir(),
                config.watchdog().logDir(), time);
        CheckRunner prober = new CheckRunner(new HttpHealthProber(time, tls), time, launcher::environment);
        Watchdog watchdog = new Watchdog(config, time, loops, bus, board,
                launcher, prober,
                new OshiMemoryProbe(), () -> ThreadLocalRandom.current().nextDouble());
        // People are told through a subscriber of the bus: it only enqueues, so a dead webhook costs its own queue.
        Notifier notifier = Notifier.fromConfig(config.notifications(), System.getenv(), time,
                config.watchdog().logDir());
        bus.subscribe(notifier);
        board.showNotifications(notifier::sinks);
        Control control = startControlOrReport(watchdog, time, err, notifier);
        if (control != null) {
            // Into status/heartbeat, where cron finds /healthz without parsing control.json.
            board.setControl(new StatusBoard.ControlAddress(control.uri().getHost().replaceAll("^\\[|\\]$", ""),
                    control.uri().getPort()));
        }
        return new Assembly(time, delivery, prober, watchdog, control, notifier);
    }

    /** Creates logs/ 0700 before Logback opens files in it; a failure is logback's to report. */
    private static void makePrivate(Path logDir, PrintWriter err) {
        try {
            FileModes.privateDir(logDir);
        } catch (IOException e) {
            err.println("Cannot create " + logDir + " as a private folder: " + e.getMessage());
        }
    }

    /** The folder at 0700 and every file in it at 0600, with a warning line for each one changed. */
    private static List<String> privateWarnings(Path dir) {
        List<String> warnings = new ArrayList<>();
        try {
            FileModes.privateDir(dir).ifPresent(warnings::add);
        } catch (IOException e) {
            warnings.add("Cannot make " + dir + " private to its owner (" + e.getMessage() + ")");
        }
        warnings.addAll(FileModes.tightenFilesIn(dir));
        return warnings;
    }

    private static Control startControlOrReport(Watchdog watchdog, SystemScheduler time, PrintWriter err,
                                                Notifier notifier) {
        if (!watchdog.config().watchdog().control().enabled()) {
            return null;
        }
        try {
            PrometheusMeterRegistry metrics = UltrawatchMetrics.create(watchdog.board(), watchdog.bus(), time.clock(),
                    watchdog::statusWriteFailures);
            new NotifyMetrics(notifier::sinks).bindTo(metrics);
            return startControl(watchdog, time, metrics);
        } catch (IOException e) {
            LoggerFactory.getLogger(Assembly.class).error("Control server not started: {}", e.getMessage());
            err.println("Control server not started: " + e.getMessage() + " (the bots are supervised anyway)");
            reportControlDown(watchdog, e);
            return null;
        }
    }

    /**
     * Writes why into control.json, for the CLI and the start script: "port 8000 is taken by another process" says
     * what a bare "not reachable" would hide, that something else answers on the watchdog's port and must not be
     * sent the token.
     */
    private static void reportControlDown(Watchdog watchdog, IOException e) {
        WatchdogSettings settings = watchdog.config().watchdog();
        int port = settings.control().port();
        String why = e.getCause() instanceof java.net.BindException
                ? "control server not running: port " + port + " is taken by another process"
                : "control server not running: " + e.getMessage();
        try {
            new ControlEndpoint(settings.control().host(), port, watchdog.board().info().pid(), why)
                    .write(settings.statusDir());
        } catch (IOException writeFailed) {
            LoggerFactory.getLogger(Assembly.class).warn("Cannot write {}: {}",
                    ControlEndpoint.file(settings.statusDir()), writeFailed.toString());
        }
    }

    /**
     * The dashboard, API and metrics of a watchdog: binds the control server, then starts the chart history (fed by
     * the event log and the bus) and serves. Call before {@link Watchdog#start()} so the charts see the first events.
     *
     * @throws IOException when the address cannot be bound or the token cannot be created
     */
    public static Control startControl(Watchdog watchdog, Scheduler time, PrometheusMeterRegistry metrics)
            throws IOException {
        WatchdogSettings settings = watchdog.config().watchdog();
        ControlServer server = ControlServer.bind(settings);
        EventLogReader events = new EventLogReader(settings.logDir().resolve("events.jsonl"));
        History history = History.start(watchdog.board(), watchdog.bus(), time, events,
                settings.statusDir().resolve("history.json"));
        server.start(time, controlServices(watchdog, metrics, history, events));
        return new Control(server, history);
    }

    /** What the control server serves of a watchdog: its bots, status and config reload, plus the given parts. */
    public static ControlServer.Services controlServices(Watchdog watchdog, PrometheusMeterRegistry metrics,
                                                         History history, EventLogReader events) {
        WatchdogControl view = new WatchdogControl(watchdog);
        return new ControlServer.Services(view, view, view, metrics, history, events);
    }

    /** A started control server and the chart history it serves. */
    public static final class Control implements AutoCloseable {
        private final ControlServer server;
        private final History history;

        private Control(ControlServer server, History history) {
            this.server = server;
            this.history = history;
        }

        /** The actual port, also when the config said 0. */
        public int port() {
            return server.port();
        }

        /** The dashboard's address for a browser on this machine. */
        public URI uri() {
            return server.uri();
        }

        /** Stops answering, then saves the chart history. */
        @Override
        public void close() {
            server.close();
            history.close();
        }
    }

    /** Adopts or starts every bot and begins ticking. */
    public void start() {
        watchdog.start();
    }

    /** Re-reads the config file (SIGHUP); see {@link Watchdog#reload()}. */
    public ReloadResult reload() {
        return watchdog.reload();
    }

    /** The dashboard's address, when the control server runs. */
    public Optional<URI> dashboard() {
        return Optional.ofNullable(control).map(Control::uri);
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    @Override
    public void close() {
        try {
            if (control != null) {
                watchdog.board().setControl(null);
                control.close();
            }
            watchdog.close();
            delivery.shutdown();
            // After the bots' stop events were delivered, so the last of them may still reach a person.
            delivery.awaitTermination(2, TimeUnit.SECONDS);
            notifier.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            prober.close();
            time.close();
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        }
    }
}
