package io.ultrawatch.watchdog.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrawatch.watchdog.Assembly;
import io.ultrawatch.watchdog.Watchdog;
import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.ControlConfig;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.LogConfig;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.config.WatchdogSettings;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.event.EventLog;
import io.ultrawatch.watchdog.controlfile.ControlToken;
import io.ultrawatch.watchdog.metrics.UltrawatchMetrics;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.probe.CheckRunner;
import io.ultrawatch.watchdog.probe.HttpHealthProber;
import io.ultrawatch.watchdog.process.LocalProcessLauncher;
import io.ultrawatch.watchdog.process.WatchdogLock;
import io.ultrawatch.watchdog.resource.OshiMemoryProbe;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.testing.TestBots;
import io.ultrawatch.watchdog.time.SystemScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A real watchdog in the test JVM supervising real demo bot JVMs: real scheduler, launcher, OkHttp prober and OSHI.
 * Every pid it ever saw is killed (tree and all) when the test ends, whatever happened.
 */
final class LiveWatchdog implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    final Path dir;
    final int port;
    final Path controlFile;
    final Path flagFile;
    final List<WatchdogEvent> events = new CopyOnWriteArrayList<>();
    private final Set<Long> seenPids = new HashSet<>();
    private final SystemScheduler time = new SystemScheduler(2, "ultrawatch-loop");
    private final Executor loops = time.executor();
    private final CheckRunner prober = new CheckRunner(new HttpHealthProber(time, false), time, BotConfig::env);
    private Watchdog watchdog;
    StatusBoard board;
    /** Set by {@link #withControl()}: the control server on 127.0.0.1 and an ephemeral port, with its token. */
    private boolean control;
    Assembly.Control controlServer;
    String token;
    private WatchdogLock lock;

    LiveWatchdog(Path dir) throws IOException {
        this.dir = dir;
        this.port = DemoBotCommand.freePort();
        this.controlFile = dir.resolve("control");
        this.flagFile = dir.resolve(".discord_bot_restart");
    }

    /** The demo bot with a tight probe (300 ms interval and timeout, 2 failures) so hangs are seen in about 1 s. */
    BotConfig bot(String... extraArgs) {
        BotConfig b = TestBots.bot("demo", DemoBotCommand.command(port, controlFile, flagFile, extraArgs), dir,
                flagFile);
        return TestBots.withHealth(b, new HealthConfig(URI.create("http://127.0.0.1:" + port + "/health"),
                Duration.ofMillis(300), Duration.ofMillis(300), 2, Duration.ofSeconds(30)));
    }

    WatchdogConfig config(BotConfig bot) {
        return config(List.of(bot));
    }

    WatchdogConfig config(List<BotConfig> bots) {
        return new WatchdogConfig(null, dir, new WatchdogSettings(dir.resolve("status"), dir.resolve("logs"),
                Duration.ofMillis(200), new ControlConfig(control, "127.0.0.1", 0, true), LogConfig.DEFAULTS),
                bots);
    }

    /**
     * Also runs what {@code RunCommand} adds around the watchdog: the single-instance lock and pid file (so the CLI
     * sees a live watchdog), events.jsonl (in the production format, without reconfiguring the test JVM's logging),
     * the metrics and the control server.
     */
    LiveWatchdog withControl() {
        control = true;
        return this;
    }

    URI controlUri(String path) {
        return controlServer.uri().resolve(path);
    }

    LiveWatchdog start(BotConfig bot) {
        return start(List.of(bot));
    }

    /** Several bots under one watchdog (the demo bot among them, for {@link #demo()}). */
    LiveWatchdog start(List<BotConfig> bots) {
        WatchdogConfig config = config(bots);
        EventBus bus = new EventBus(Runnable::run);
        bus.subscribe(events::add);
        board = new StatusBoard(new WatchdogInfo(ProcessHandle.current().pid(), "test", time.clock().instant(),
                "(test)"), time.clock());
        board.onChange(this::rememberPids);
        watchdog = new Watchdog(config, time, loops, bus, board, new LocalProcessLauncher(
                config.watchdog().statusDir(), config.watchdog().logDir(), time), prober,
                new OshiMemoryProbe(), () -> ThreadLocalRandom.current().nextDouble());
        if (control) {
            startControl(config, bus);
        }
        watchdog.start();
        return this;
    }

    private void startControl(WatchdogConfig config, EventBus bus) {
        try {
            lock = WatchdogLock.tryAcquire(config.watchdog().statusDir()).orElseThrow();
            Path events = config.watchdog().logDir().resolve("events.jsonl");
            Files.createDirectories(events.getParent());
            ObjectMapper json = new ObjectMapper();
            bus.subscribe(e -> {
                synchronized (json) {
                    try {
                        Files.writeString(events, json.writeValueAsString(EventLog.toJson(e)) + "\n",
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            });
            controlServer = Assembly.startControl(watchdog, time, UltrawatchMetrics.create(board, bus, time.clock(),
                    watchdog::statusWriteFailures));
            token = ControlToken.read(config.watchdog().statusDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rememberPids() {
        synchronized (seenPids) {
            board.bots().stream().map(BotSnapshot::pid).filter(p -> p != null).forEach(seenPids::add);
        }
    }

    Watchdog watchdog() {
        return watchdog;
    }

    BotSnapshot demo() {
        return board.bots().stream().filter(b -> b.name().equals("demo")).findFirst().orElseThrow();
    }

    BotSnapshot awaitDemo(String what, Predicate<BotSnapshot> condition) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> !board.bots().isEmpty()
                && condition.test(demo()));
        return demo();
    }

    long awaitRunning() {
        return awaitDemo("demo RUNNING", b -> b.state() == BotState.RUNNING).pid();
    }

    long awaitRunningOtherThan(long oldPid) {
        return awaitDemo("demo RUNNING with a pid other than " + oldPid,
                b -> b.state() == BotState.RUNNING && b.pid() != null && b.pid() != oldPid).pid();
    }

    /** Asks the running bot to apply a fault now (the demo bot polls its control file). */
    void inject(String spec) throws IOException {
        Path tmp = controlFile.resolveSibling("control.tmp");
        Files.writeString(tmp, spec + "\n");
        Files.move(tmp, controlFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Alive and not a zombie: a killed orphan stays a zombie until init reaps it, which is not ours to wait for. */
    static boolean alive(long pid) {
        return io.ultrawatch.watchdog.process.ProcStat.of(pid).filter(s -> !s.zombie()).isPresent();
    }

    @Override
    public void close() {
        if (controlServer != null) {
            controlServer.close();
        }
        if (watchdog != null) {
            watchdog.close();
        }
        if (lock != null) {
            lock.close();
        }
        synchronized (seenPids) {
            for (long pid : seenPids) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
            }
        }
        prober.close();
        time.close();
    }
}
