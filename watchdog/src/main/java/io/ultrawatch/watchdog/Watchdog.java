package io.ultrawatch.watchdog;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigFileChoice;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.ReloadResult;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.log.LogFiles;
import io.ultrawatch.watchdog.probe.HealthChecks;
import io.ultrawatch.watchdog.process.LocalProcessLauncher;
import io.ultrawatch.watchdog.process.ProcessLauncher;
import io.ultrawatch.watchdog.process.StartHistoryFile;
import io.ultrawatch.watchdog.resource.MemoryProbe;
import io.ultrawatch.watchdog.status.RevivalNote;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.StatusFileWriter;
import io.ultrawatch.watchdog.sdnotify.NotifyReceiver;
import io.ultrawatch.watchdog.sdnotify.NotifySockets;
import io.ultrawatch.watchdog.supervisor.BotSupervisor;
import io.ultrawatch.watchdog.time.Actor;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watchdog: a supervisor per bot, the status board and file, the event bus, and the tick that keeps them fresh.
 * It takes no lock and installs no signal handling; {@code RunCommand} does that around it, so tests can run several.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    /** Bot output logs are checked for size every this many ticks. */
    private static final int ROTATE_EVERY_TICKS = 10;

    private volatile WatchdogConfig config;
    private final Scheduler time;
    private final Executor loopPool;
    private final EventBus bus;
    private final StatusBoard board;
    private final StatusFileWriter statusFile;
    private final BotSupervisor.Services services;
    private final ProcessLauncher launcher;
    /** Read from API threads, changed by reloads: a concurrent map, sorted by bot name. */
    private final Map<String, BotSupervisor> supervisors = new ConcurrentSkipListMap<>();
    /**
     * Bots a reload removed and whose stop is over. A supervisor publishes once more after its stop completes (the
     * end of its input handling); without this that snapshot would put the removed bot back on the board for good,
     * STOPPED, with a heartbeat that never moves again, so the whole watchdog would look hung.
     */
    private final java.util.Set<String> retired = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong ticks = new AtomicLong();
    private volatile Cancellable ticker = Cancellable.NONE;
    private volatile boolean closed;

    public Watchdog(WatchdogConfig config, Scheduler time, Executor loopPool, EventBus bus, StatusBoard board,
                    ProcessLauncher launcher, HealthChecks prober, MemoryProbe memory, DoubleSupplier random) {
        this.config = config;
        this.time = time;
        this.loopPool = loopPool;
        this.bus = bus;
        this.board = board;
        this.statusFile = new StatusFileWriter(config.watchdog().statusDir().resolve("status.json"), board,
                time::nanoTime, config.watchdog().statusInterval());
        this.services = new BotSupervisor.Services(time, launcher, prober, memory, bus::publish,
                snapshot -> {
                    if (!retired.contains(snapshot.name())) {
                        board.accept(snapshot);
                    }
                }, random,
                new StartHistoryFile(config.watchdog().statusDir(), time.clock()),
                NotifySockets.lazy(() -> new NotifyReceiver(config.watchdog().statusDir(), time)));
        for (BotConfig bot : config.bots()) {
            supervisors.put(bot.name(), new BotSupervisor(bot, new Actor(bot.name(), loopPool), services));
        }
        this.launcher = launcher;
    }

    /** Adopts every bot an earlier watchdog left running, starts the others, and begins ticking. */
    public void start() {
        bus.publish(new WatchdogEvent(time.clock().instant(), null, EventKind.WATCHDOG_STARTED,
                null, "Watchdog " + board.info().version() + " started (pid " + board.info().pid() + ", config "
                + config.sourceLabel() + ", " + supervisors.size() + " bot(s))", Map.of("pid", board.info().pid())));
        RevivalNote.take(config.watchdog().statusDir()).ifPresent(why -> bus.publish(new WatchdogEvent(
                time.clock().instant(), null, EventKind.WATCHDOG_REVIVED, null, "Watchdog revived by cron: " + why,
                Map.of("why", why))));
        for (BotConfig bot : config.bots()) {
            BotSupervisor s = supervisors.get(bot.name());
            launcher.adopt(bot).ifPresentOrElse(s::adopt, s::startWithinBudget);
        }
        scheduleTick();
        statusFile.requestWrite();
    }

    private void scheduleTick() {
        if (closed) {
            return;
        }
        ticker = time.schedule(this::tick, config.watchdog().statusInterval());
    }

    private void tick() {
        try {
            supervisors.values().forEach(BotSupervisor::tick);
            if (ticks.incrementAndGet() % ROTATE_EVERY_TICKS == 0) {
                loopPool.execute(this::rotateBotLogs);
            }
        } finally {
            scheduleTick();
        }
    }

    private void rotateBotLogs() {
        for (BotConfig bot : config.bots()) {
            try {
                LogFiles.copyTruncateIfLarger(LocalProcessLauncher.outputLog(config.watchdog().logDir(), bot.name()),
                        bot.log().maxSizeBytes(), bot.log().keep());
            } catch (IOException e) {
                log.warn("Cannot rotate the output log of {}: {}", bot.name(), e.toString());
            }
        }
    }

    /**
     * Re-reads the config and applies it (see {@link #apply}). The file is chosen by the rule {@code run} used at
     * start ({@link ConfigFileChoice}): the file this watchdog runs on, or, when it started on the built-in defaults,
     * the {@code watchdog.yml} written in its folder since. Every outcome reaches the log, "nothing to do" included: a
     * SIGHUP has no one to answer to.
     */
    public ReloadResult reload() {
        Path file = ConfigFileChoice.choose(config.source(), config.baseDir());
        if (file == null) {
            String why = "The watchdog runs on the built-in defaults (the demo bot), so there is nothing to reload:"
                    + " no " + config.baseDir().resolve(ConfigFileChoice.DEFAULT_NAME) + "; write it and reload again";
            log.warn(why);
            return new ReloadResult(false, List.of(why), why);
        }
        if (!Files.exists(file)) {
            // Falling back to the defaults here would stop every bot of the file for the demo: a file that
            // vanished is far likelier an accident (a checkout, a move) than a wish to run the demo.
            return reject(List.of(file + ": no such file (removed?); the running config stays ("
                    + config.bots().size() + " bot(s) from " + config.sourceLabel() + "): restore the file, or restart"
                    + " the watchdog to run without it"));
        }
        WatchdogConfig next;
        try {
            next = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            return reject(e.errors());
        }
        return apply(next);
    }

    /**
     * Applies a new, valid config without restarting any bot that does not need it: thresholds, intervals and limits
     * go live, a bot whose launch settings changed restarts with {@code config_changed}, added bots start (or are
     * adopted), removed bots stop. Settings of the watchdog itself (folders, status interval, control server) need a
     * watchdog restart; the result says so.
     */
    public synchronized ReloadResult apply(WatchdogConfig next) {
        WatchdogConfig old = config;
        Map<String, BotConfig> wanted = new java.util.LinkedHashMap<>();
        next.bots().forEach(b -> wanted.put(b.name(), b));
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (BotConfig before : old.bots()) {
            BotConfig after = wanted.get(before.name());
            BotSupervisor s = supervisors.get(before.name());
            if (after == null) {
                removed.add(before.name());
                supervisors.remove(before.name());
                s.stop().thenRun(() -> {
                    retired.add(before.name());
                    board.remove(before.name());
                });
            } else if (!after.equals(before)) {
                (before.launchDiffers(after) ? restarted : updated).add(before.name());
                s.applyConfig(after);
            }
        }
        config = new WatchdogConfig(next.source(), next.baseDir(), old.watchdog(), next.bots(), old.notifications());
        board.setConfigSource(config.sourceLabel());
        for (BotConfig bot : next.bots()) {
            if (!supervisors.containsKey(bot.name())) {
                added.add(bot.name());
                retired.remove(bot.name());
                BotSupervisor s = new BotSupervisor(bot, new Actor(bot.name(), loopPool), services);
                supervisors.put(bot.name(), s);
                launcher.adopt(bot).ifPresentOrElse(s::adopt, s::startWithinBudget);
            }
        }
        String summary = "Config reloaded from " + next.sourceLabel() + ": " + describe("restarted (config_changed)",
                restarted) + ", " + describe("updated in place", updated) + ", " + describe("added", added) + ", "
                + describe("removed", removed)
                + (next.notifications().equals(old.notifications()) ? ""
                        : "; notify settings apply at the watchdog's next start")
                + (next.watchdog().equals(old.watchdog()) ? ""
                        : "; watchdog settings (folders, status interval, control server) apply at its next start");
        board.setConfigError(null);
        bus.publish(new WatchdogEvent(time.clock().instant(), null, EventKind.CONFIG_RELOADED, null, summary,
                Map.of("added", added, "removed", removed, "restarted", restarted, "updated", updated)));
        return new ReloadResult(true, List.of(), summary);
    }

    private ReloadResult reject(List<String> errors) {
        String first = errors.isEmpty() ? "invalid config" : errors.get(0);
        board.setConfigError(first + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        String summary = "Config reload rejected, the running config stays: " + String.join("; ", errors);
        bus.publish(new WatchdogEvent(time.clock().instant(), null, EventKind.CONFIG_INVALID, null, summary,
                Map.of("errors", errors)));
        return new ReloadResult(false, errors, summary);
    }

    private static String describe(String what, List<String> bots) {
        return bots.isEmpty() ? "0 " + what : bots.size() + " " + what + " " + bots;
    }

    /** Writes of status.json that failed (a full disk), for the metrics. */
    public long statusWriteFailures() {
        return statusFile.failures();
    }

    /** True while status.json and status/heartbeat cannot be written (a full disk). */
    public boolean statusWriteFailing() {
        return statusFile.failing();
    }

    public Optional<BotSupervisor> supervisor(String bot) {
        return Optional.ofNullable(supervisors.get(bot));
    }

    public List<BotSupervisor> supervisors() {
        return new ArrayList<>(supervisors.values());
    }

    public StatusBoard board() {
        return board;
    }

    public EventBus bus() {
        return bus;
    }

    public WatchdogConfig config() {
        return config;
    }

    /** The longest a stop of every bot may take: the largest grace plus time for the kill to land. */
    public Duration stopDeadline() {
        Duration grace = config.bots().stream().map(b -> b.stop().grace()).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        return grace.plusSeconds(5);
    }

    /**
     * A deliberate stop of the suite: every bot is stopped gracefully (SIGKILL after its grace), the status file
     * shows them STOPPED, and the watchdog stops ticking.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        bus.publish(new WatchdogEvent(time.clock().instant(), null, EventKind.WATCHDOG_STOPPING, null,
                "Watchdog stopping: stopping " + supervisors.size() + " bot(s)", Map.of()));
        ticker.cancel();
        List<CompletableFuture<Void>> stops = supervisors.values().stream().map(BotSupervisor::stop).toList();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(stopDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.error("Bots did not stop within {} s; exiting anyway", stopDeadline().toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.error("Stopping bots failed", e.getCause());
        }
        statusFile.writeNow();
        statusFile.close();
        services.notifySockets().close();
    }
}
