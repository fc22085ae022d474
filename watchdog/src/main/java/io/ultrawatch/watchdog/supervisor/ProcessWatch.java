package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.Signal;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.sdnotify.NotifyMessage;
import io.ultrawatch.watchdog.time.Actor;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything watched about one process while it is alive: its health, its memory, and once it runs, the stable timer
 * and the proactive restart. One instance per process and {@link #cancel} ends it for good, so a timer or an answer
 * about a process that was replaced can never act (no generation counters). On the supervisor's actor only.
 */
final class ProcessWatch {
    private final Supplier<BotConfig> config;
    private final BotProcess process;
    private final Scheduler time;
    private final Actor actor;
    private final Sink sink;
    private final HealthWatch health;
    private final MemoryWatch memory;
    /** Set for a notify bot only. */
    private final NotifyWatch notify;
    private final long startedNanos;
    private Cancellable stableTimer = Cancellable.NONE;
    private Cancellable scheduleTimer = Cancellable.NONE;
    private boolean cancelled;

    ProcessWatch(Supplier<BotConfig> config, BotProcess process, BotSupervisor.Services services, Actor actor,
                 Sink sink) {
        this.config = config;
        this.process = process;
        this.time = services.time();
        this.actor = actor;
        this.sink = sink;
        this.health = new HealthWatch(config, process, time, actor, services.prober(), sink);
        this.memory = new MemoryWatch(config, process, time, actor, services.memory(), sink);
        this.notify = config.get().health().check() instanceof HealthCheck.Notify
                ? new NotifyWatch(config, process, time, actor, sink) : null;
        this.startedNanos = time.nanoTime();
        health.start();
        memory.start();
        if (notify != null) {
            notify.start();
        }
    }

    /** The bot answered healthy: say so, forgive its failures after {@code stable_after}, plan its scheduled restart. */
    void running(double jitterRandom) {
        health.markRunning();
        if (notify != null) {
            notify.markRunning();
        }
        String name = config.get().name();
        double startup = (time.nanoTime() - startedNanos) / 1e9;
        String message = process.adopted()
                ? String.format("%s (adopted, pid %d) answers healthy", name, process.pid())
                : String.format("%s is up and running (startup %.1f s, pid %d)", name, startup, process.pid());
        sink.emit(EventKind.HEALTHY, null, message, Map.of("pid", process.pid(),
                "startup_ms", Math.round(startup * 1000)));
        stableTimer = later(config.get().restart().stableAfter(), () -> sink.input(new Input.StableElapsed()));
        scheduleProactiveRestart(jitterRandom);
    }

    /** (Re)plans the proactive restart of {@code schedule.every}, from now. */
    void scheduleProactiveRestart(double jitterRandom) {
        scheduleTimer.cancel();
        var schedule = config.get().schedule();
        if (!schedule.enabled()) {
            return;
        }
        long jitterMs = Math.round(jitterRandom * schedule.jitter().toMillis());
        Duration every = schedule.every();
        scheduleTimer = later(every.plusMillis(jitterMs),
                () -> sink.input(new Input.ScheduleDue("proactive restart every " + Durations.format(every))));
    }

    Duration openReloadWindow(Signal signal) {
        return health.openReloadWindow(signal);
    }

    void cancel() {
        cancelled = true;
        health.cancel();
        memory.cancel();
        if (notify != null) {
            notify.cancel();
        }
        stableTimer.cancel();
        scheduleTimer.cancel();
    }

    int probeFailures() {
        return health.failures();
    }

    ProbeResult lastProbe() {
        return health.lastProbe();
    }

    Instant degradedSince() {
        return health.degradedSince();
    }

    /** A message on the bot's notify socket. */
    void notified(NotifyMessage message) {
        if (notify != null) {
            notify.on(message);
        }
    }

    /** The notify bot's last {@code STATUS=} text, or null. */
    String statusText() {
        return notify == null ? null : notify.statusText();
    }

    Long memoryBytes() {
        return memory.bytes();
    }

    /** Runs {@code task} on the actor after {@code delay} unless this watch ended; no slack (restarts are exact). */
    private Cancellable later(Duration delay, Runnable task) {
        return time.schedule(() -> actor.execute(() -> {
            if (!cancelled) {
                task.run();
            }
        }), delay);
    }
}
