package io.ultrawatch.watchdog;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.event.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.log.LogFiles;
import io.ultrawatch.watchdog.probe.HealthProber;
import io.ultrawatch.watchdog.process.LocalProcessLauncher;
import io.ultrawatch.watchdog.process.ProcessLauncher;
import io.ultrawatch.watchdog.resource.MemoryProbe;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.StatusFileWriter;
import io.ultrawatch.watchdog.supervisor.BotSupervisor;
import io.ultrawatch.watchdog.time.Actor;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final WatchdogConfig config;
    private final Scheduler time;
    private final Executor loopPool;
    private final EventBus bus;
    private final StatusBoard board;
    private final StatusFileWriter statusFile;
    private final BotSupervisor.Services services;
    private final ProcessLauncher launcher;
    private final Map<String, BotSupervisor> supervisors = new LinkedHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    private volatile Cancellable ticker = Cancellable.NONE;
    private volatile boolean closed;

    public Watchdog(WatchdogConfig config, Scheduler time, Executor loopPool, EventBus bus, StatusBoard board,
                    ProcessLauncher launcher, HealthProber prober, MemoryProbe memory, DoubleSupplier random) {
        this.config = config;
        this.time = time;
        this.loopPool = loopPool;
        this.bus = bus;
        this.board = board;
        this.statusFile = new StatusFileWriter(config.watchdog().statusDir().resolve("status.json"), board);
        this.services = new BotSupervisor.Services(time, launcher, prober, memory, bus::publish, board, random);
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
        for (BotConfig bot : config.bots()) {
            BotSupervisor s = supervisors.get(bot.name());
            launcher.adopt(bot).ifPresentOrElse(s::adopt, s::start);
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
    }
}
