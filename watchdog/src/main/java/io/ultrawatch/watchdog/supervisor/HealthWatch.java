package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.model.Signal;
import io.ultrawatch.watchdog.probe.HealthChecks;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Watches one process's health from its start: probes (every {@link #STARTUP_PROBE_INTERVAL} until the first
 * healthy answer, then every {@code health.interval}), the startup timeout, the failure threshold, and the window
 * after an in-place reload. It turns answers into inputs of the state machine; it decides nothing about restarts.
 *
 * <p>No blind window: probing starts right after the spawn and the failure rule applies from the first healthy
 * answer on. One instance per process, used on the supervisor's actor only; {@link #cancel} ends it for good.
 */
final class HealthWatch {
    /** While starting, probe faster than the configured interval so a ready bot is seen ready at once. */
    static final Duration STARTUP_PROBE_INTERVAL = Duration.ofMillis(200);
    /** The shortest time a bot's health is watched after a reload signal. */
    static final Duration MIN_RELOAD_WINDOW = Duration.ofSeconds(3);

    private final Supplier<BotConfig> config;
    private final BotProcess process;
    private final Scheduler time;
    private final Executor actor;
    private final HealthChecks prober;
    private final Sink sink;
    private final PeriodicTask probes;
    private Cancellable startupTimer = Cancellable.NONE;
    private boolean running;
    private int failures;
    private ProbeResult lastProbe;
    /** While a reload's health window is open: until when (monotonic), and the signal sent; 0 when none is open. */
    private long reloadUntilNanos;
    private Signal reloadSignal;
    private Instant degradedSince;
    private long degradedSinceNanos;

    HealthWatch(Supplier<BotConfig> config, BotProcess process, Scheduler time, Executor actor, HealthChecks prober,
                Sink sink) {
        this.config = config;
        this.process = process;
        this.time = time;
        this.actor = actor;
        this.prober = prober;
        this.sink = sink;
        this.probes = new PeriodicTask(time, actor, this::probe);
    }

    void start() {
        if (health().check() instanceof HealthCheck.None none) {
            // Process supervision only: started once the process has been up for the grace, never probed.
            startupTimer = time.schedule(() -> actor.execute(this::onStartupGrace), none.startupGrace());
            return;
        }
        if (health().check() instanceof HealthCheck.Notify) {
            return;   // pushed, not polled: NotifyWatch
        }
        startupTimer = time.schedule(() -> actor.execute(this::onStartupTimeout), health().startupTimeout());
        probes.runNow();
    }

    /** The bot answered healthy once: from now on failures count against the threshold. */
    void markRunning() {
        running = true;
        startupTimer.cancel();
    }

    void cancel() {
        reloadUntilNanos = 0;
        startupTimer.cancel();
        probes.cancel();
    }

    /** Watches health for a window after {@code signal} went to the bot: a failed probe in it means a fresh process. */
    Duration openReloadWindow(Signal signal) {
        Duration window = health().interval().multipliedBy(health().failureThreshold()).plus(health().timeout());
        if (window.compareTo(MIN_RELOAD_WINDOW) < 0) {
            window = MIN_RELOAD_WINDOW;
        }
        reloadUntilNanos = time.nanoTime() + window.toNanos();
        reloadSignal = signal;
        return window;
    }

    int failures() {
        return failures;
    }

    ProbeResult lastProbe() {
        return lastProbe;
    }

    /** Since when the bot answers "alive but not ready", or null while it is ready. */
    Instant degradedSince() {
        return degradedSince;
    }

    private HealthConfig health() {
        return config.get().health();
    }

    private String name() {
        return config.get().name();
    }

    private void probe() {
        prober.check(config.get(), result -> actor.execute(() -> onProbe(result)));
    }

    private void onProbe(ProbeResult result) {
        if (probes.cancelled()) {
            return;
        }
        lastProbe = result;
        if (reloadUntilNanos != 0 && !result.ok()) {
            reloadUntilNanos = 0;
            sink.input(new Input.RestartRequested(RestartReason.REQUESTED, "reload via " + reloadSignal.displayName()
                    + " left " + name() + " unhealthy (" + result.error() + "): a fresh process instead", false));
            return;
        }
        if (reloadUntilNanos != 0 && time.nanoTime() >= reloadUntilNanos) {
            reloadUntilNanos = 0;
            sink.emit(EventKind.RELOAD, null, name() + " reloaded in place and stayed healthy", Map.of());
        }
        if (result.ok()) {
            failures = 0;
            if (degradedTooLong(result)) {
                return;
            }
            if (!running) {
                sink.input(new Input.Healthy());
            }
        } else {
            failures++;
            if (running) {
                int threshold = health().failureThreshold();
                sink.emit(EventKind.PROBE_FAILED, null, name() + " health probe failed (" + failures + "/"
                        + threshold + "): " + result.error(), Map.of("failures", failures));
                // A bot that died answers no probe either: its exit, polled for an adopted bot, is the reason.
                if (failures >= threshold && !process.mainExited()) {
                    sink.input(new Input.CheckFailed(RestartReason.HEALTH_CHECK_FAILED, failures
                            + " failed probes, last: " + result.error()));
                    return;
                }
            }
        }
        probes.next(running ? health().interval() : min(health().interval(), STARTUP_PROBE_INTERVAL));
        sink.publish();
    }

    /**
     * Follows the degraded flag: events on entering and leaving it; true when the bot has been degraded longer than
     * {@code health.degraded_grace} and a restart was asked for.
     */
    private boolean degradedTooLong(ProbeResult result) {
        if (!result.degraded()) {
            if (degradedSince != null) {
                sink.emit(EventKind.READY, null, name() + " is ready again after " + Durations.format(degradedFor())
                        + " degraded", Map.of());
                degradedSince = null;
            }
            return false;
        }
        if (degradedSince == null) {
            degradedSince = result.at();
            degradedSinceNanos = time.nanoTime();
            Duration grace = health().degradedGrace();
            sink.emit(EventKind.DEGRADED, null, name() + " is alive but not ready (" + result.error() + "); "
                    + (grace == null ? "kept running (health.degraded_grace off)"
                    : "restarted if still degraded after " + Durations.format(grace)), Map.of());
        }
        Duration grace = health().degradedGrace();
        if (running && grace != null && degradedFor().compareTo(grace) >= 0) {
            sink.input(new Input.CheckFailed(RestartReason.HEALTH_CHECK_FAILED, "degraded for "
                    + Durations.format(degradedFor()) + " (health.degraded_grace " + Durations.format(grace) + "): "
                    + result.error()));
            return true;
        }
        return false;
    }

    private Duration degradedFor() {
        return Duration.ofNanos(time.nanoTime() - degradedSinceNanos);
    }

    private void onStartupGrace() {
        if (probes.cancelled() || running) {
            return;
        }
        sink.input(new Input.Healthy());
    }

    private void onStartupTimeout() {
        if (probes.cancelled() || running) {
            return;
        }
        String last = lastProbe == null ? "no probe answered"
                : "last probe: " + (lastProbe.ok() ? "HTTP " + lastProbe.status() : lastProbe.error());
        sink.input(new Input.CheckFailed(RestartReason.STARTUP_TIMEOUT, "not healthy within "
                + Durations.format(health().startupTimeout()) + ", " + last));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
