package io.ultrawatch.demobot;

import io.ultrawatch.health.CheckResult;
import io.ultrawatch.health.HealthEndpoint;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bot-shaped program for the watchdog to supervise: it loads a token, serves {@code /health}, beats from a main
 * loop every 100 ms, and injects the faults it is told to (see {@link BotOptions#usage()}).
 *
 * <p>Exit codes: 0 after SIGTERM or {@code request-restart}, 2 for a bad command line, 1 when the health endpoint
 * cannot start (port busy), the {@code crash} code otherwise.
 */
public final class DemoBot {

    private static final long TICK_MILLIS = 100;
    private static final long LOG_ALIVE_EVERY_TICKS = 600; // a line a minute shows the loop is turning
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);

    private final BotOptions options;
    private final String fingerprint;
    private final BotLog log;
    private final ProcessExit exit;
    private final long pid = ProcessHandle.current().pid();
    /** Runs boot and then the main loop. Not a daemon: this thread is what keeps the JVM alive. */
    private final ScheduledExecutorService mainLoop = Executors.newSingleThreadScheduledExecutor(
            named("main-loop", false));
    /** Delayed faults and control-file polling: a separate thread, so both still work after {@code hang-main}. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("faults", true));
    private final Faults faults;
    private final AtomicLong ticks = new AtomicLong();
    private volatile HealthEndpoint endpoint;

    DemoBot(BotOptions options, String fingerprint, Clock clock, PrintStream out, ProcessExit exit) {
        this.options = options;
        this.fingerprint = fingerprint;
        this.log = new BotLog(out, clock, options.name());
        this.exit = exit;
        this.faults = new Faults(log, options.restartFlagFile(), timer, exit);
    }

    /** Starts the bot and returns; the main-loop thread keeps the JVM running. */
    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(BotOptions.usage());
            return;
        }
        Map<String, String> env = System.getenv();
        BotOptions options;
        try {
            options = BotOptions.parse(arguments, env);
        } catch (IllegalArgumentException e) {
            System.err.println("demo-bot: " + e.getMessage());
            System.err.println("demo-bot: run with --help for usage");
            System.exit(2);
            return;
        }
        new DemoBot(options, TokenFingerprint.fromEnvironment(env), Clock.systemUTC(), System.out,
                ProcessExit.RUNTIME).start();
    }

    void start() {
        boolean termTrapped = SignalTrap.trap("TERM", faults::onTerm);
        SignalTrap.trap("HUP", this::reloadSettings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onShutdown(termTrapped), "demo-bot-shutdown"));
        if (!termTrapped) {
            log.info("cannot trap SIGTERM (sun.misc.Signal unavailable or -Xrs); ignore-term falls back to a"
                    + " shutdown hook that never returns");
        }
        Duration slowBoot = options.slowBoot();
        if (!slowBoot.isZero()) {
            log.info("pid=" + pid + " starting, token fingerprint=" + fingerprint + ", slow boot: health endpoint"
                    + " in " + Durations.format(slowBoot));
            log.faultApplied(Fault.SLOW_BOOT);
        }
        mainLoop.schedule(this::boot, slowBoot.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void boot() {
        try {
            endpoint = HealthEndpoint.builder()
                    .port(options.port())
                    .heartbeatMaxAge(options.heartbeatMaxAge())
                    .check("token", CHECK_TIMEOUT, () -> CheckResult.up("fingerprint=" + fingerprint))
                    .check("bot", CHECK_TIMEOUT, this::botCheck)
                    .interceptor(faults::holdWhileHttpHung)
                    .start();
        } catch (RuntimeException e) {
            log.info("cannot start the health endpoint: " + e.getMessage());
            exit.exit(1);
            return;
        }
        InetSocketAddress address = endpoint.address();
        log.info("pid=" + pid + " started, token fingerprint=" + fingerprint + ", health on "
                + address.getAddress().getHostAddress() + ":" + address.getPort());
        mainLoop.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        options.controlFile().ifPresent(file -> {
            log.info("watching control file " + file);
            new ControlFileWatcher(file, faults::submit, log).start(timer);
        });
        // Delays count from here: the moment /health first could answer.
        options.faults().stream().filter(f -> f.fault() != Fault.SLOW_BOOT).forEach(faults::submit);
    }

    /**
     * SIGHUP: a reload of settings in place, as real bots do for a config change. The settings here are the fault
     * specs of the reload file, so a test can make a reload that goes wrong ({@code unhealthy}) or right.
     */
    private void reloadSettings() {
        log.info("got SIGHUP, reloading settings");
        options.reloadFile().ifPresent(file -> {
            try {
                List<FaultSpec> specs = ControlFileWatcher.parse(
                        java.nio.file.Files.readAllLines(file), "reload file " + file, log);
                specs.forEach(faults::submit);
                log.info("reloaded " + specs.size() + " setting(s) from " + file);
            } catch (java.io.IOException e) {
                log.info("reload file " + file + ": cannot read it: " + e);
            }
        });
    }

    /** One turn of the main loop: the "work" is counting, the point is the heartbeat. */
    private void tick() {
        try {
            if (faults.mainHung()) {
                log.info("gateway connection lost, reconnecting...");
                faults.holdWhileMainHung(); // the reconnect that never returns, until heal
                log.info("reconnected");
            }
            endpoint.heartbeat();
            long n = ticks.incrementAndGet();
            if (n % LOG_ALIVE_EVERY_TICKS == 0) {
                log.info("alive, " + n + " ticks");
            }
        } catch (RuntimeException e) {
            // An exception would cancel the schedule and stop the heartbeat for a reason nobody asked for.
            log.info("main loop error: " + e);
        }
    }

    private CheckResult botCheck() {
        return faults.isUnhealthy()
                ? CheckResult.down("unhealthy fault is on")
                : CheckResult.up("ok, " + ticks.get() + " ticks");
    }

    private void onShutdown(boolean termTrapped) {
        if (!termTrapped && faults.isIgnoringTerm()) {
            // Fallback only: with TERM trapped, ignore-term never gets here. This also swallows System.exit.
            log.info("got SIGTERM, ignoring it");
            Faults.blockForever();
        }
        HealthEndpoint current = endpoint;
        if (current != null) {
            current.close();
        }
        log.info("stopped");
    }

    private static ThreadFactory named(String name, boolean daemon) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, count.incrementAndGet() == 1 ? name : name + "-" + count.get());
            t.setDaemon(daemon);
            return t;
        };
    }
}
