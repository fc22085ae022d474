package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.event.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.policy.Backoff;
import io.ultrawatch.watchdog.probe.HealthProber;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.process.ProcessLauncher;
import io.ultrawatch.watchdog.resource.MemoryProbe;
import io.ultrawatch.watchdog.time.Actor;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one bot alive. The decisions are {@link Transitions}, a pure function from the state and an input to the
 * next state and a list of {@link Effect}s; this class is the shell around it: it turns commands, process exits and
 * its helpers' reports into inputs, and carries out the effects with the helpers that own the details
 * ({@link HealthWatch}, {@link MemoryWatch}, {@link FlagWatch}, {@link StopSequence}, {@link BotStats}).
 *
 * <p>Thread-safety: the public methods only hand a message to the supervisor's actor; every field is read and written
 * on that actor alone, so there are no locks. Reports from other threads (a process exit, probe answers, timers) are
 * tied to the helper object of one process, so a late answer about a process that was replaced is dropped.
 */
public final class BotSupervisor {
    private static final Logger log = LoggerFactory.getLogger(BotSupervisor.class);

    private final Actor actor;
    private final Services services;
    private final Scheduler time;
    private final BotStats stats = new BotStats();
    private final Sink sink = Sink.of(this::handle, this::emit, this::publish);
    /** Inputs raised while effects run wait here, so every transition completes before the next begins. */
    private final Queue<Input> inputs = new ArrayDeque<>();
    private boolean handling;

    private BotConfig config;
    private Lifecycle lifecycle = Lifecycle.STOPPED;
    private BotProcess process;
    private BotProcess toAdopt;
    /** What is watched about the current process; null before the first start. */
    private ProcessWatch watch;
    private final FlagWatch flag;
    private StopSequence stopping;
    private Cancellable backoffTimer = Cancellable.NONE;
    private CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);

    /** The collaborators of a supervisor; one instance is shared by all supervisors of a watchdog. */
    public record Services(Scheduler time, ProcessLauncher launcher, HealthProber prober, MemoryProbe memory,
                           Consumer<WatchdogEvent> events, Consumer<BotSnapshot> snapshots, DoubleSupplier random) {
    }

    public BotSupervisor(BotConfig config, Actor actor, Services services) {
        this.config = config;
        this.actor = actor;
        this.services = services;
        this.time = services.time();
        this.flag = new FlagWatch(() -> this.config, time, actor, sink);
    }

    public String name() {
        return config.name();
    }

    // ---- commands (any thread) ----

    /** Starts the bot if it is stopped; starts it at once if it is waiting out a backoff. */
    public void start() {
        actor.execute(() -> handle(new Input.Start()));
    }

    /** Takes over a bot an earlier watchdog left running instead of starting a second copy. */
    public void adopt(BotProcess running) {
        actor.execute(() -> {
            toAdopt = running;
            handle(new Input.Adopt());
        });
    }

    /** Restarts the bot: a fresh process after the current one (and its tree) is gone. */
    public void restart(RestartReason reason, String detail) {
        actor.execute(() -> handle(new Input.RestartRequested(reason, detail)));
    }

    /** Stops the bot and its whole tree; the future completes once it is STOPPED. */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.execute(() -> {
            handle(new Input.Stop());
            stopped.whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }

    /**
     * Applies a reloaded config. Thresholds and limits apply at once, intervals from the next probe or sample; a change
     * of launch settings (command, env, env file, working dir) restarts a running bot with {@code config_changed}.
     */
    public void applyConfig(BotConfig newConfig) {
        actor.execute(() -> {
            BotConfig old = config;
            config = newConfig;
            if (old.launchDiffers(newConfig)) {
                handle(new Input.LaunchChanged());
            } else if (lifecycle.state() == BotState.RUNNING && !old.schedule().equals(newConfig.schedule())) {
                watch.scheduleProactiveRestart(services.random().getAsDouble());
            }
            publish();
        });
    }

    /**
     * Reloads the bot in place: its {@code reload_signal} to the main process, then a watch on its health for a
     * window; a failed probe in that window, or no reload signal at all, means a fresh process instead.
     */
    public void reloadBot() {
        actor.execute(() -> {
            if (!lifecycle.alive()) {
                emit(EventKind.RELOAD, null, name() + " is " + lifecycle.state() + ": nothing to reload", Map.of());
            } else if (config.reloadSignal() == null) {
                handle(new Input.RestartRequested(RestartReason.REQUESTED, "reload requested and no reload_signal"
                        + " configured: a fresh process instead"));
            } else {
                Duration window = watch.openReloadWindow(config.reloadSignal());
                emit(EventKind.RELOAD, null, "Reloading " + name() + " in place: "
                        + config.reloadSignal().displayName() + " to pid " + process.pid()
                        + ", watching its health for " + Durations.format(window), Map.of("pid", process.pid()));
                process.signal(config.reloadSignal());
            }
        });
    }

    /** Lets the supervisor show it is alive and refresh time-dependent fields. */
    public void tick() {
        actor.execute(this::publish);
    }

    // ---- the state machine (actor only) ----

    private void handle(Input input) {
        inputs.add(input);
        if (handling) {
            return;
        }
        handling = true;
        try {
            Input next;
            while ((next = inputs.poll()) != null) {
                Transitions.Step step = Transitions.next(lifecycle, next);
                if (step.impossible() != null) {
                    log.warn("{}: ignored an input that cannot happen: {}", name(), step.impossible());
                }
                lifecycle = step.next();
                step.effects().forEach(this::run);
            }
        } finally {
            handling = false;
        }
        publish();
    }

    private void run(Effect effect) {
        if (effect instanceof Effect.Launch l) {
            launch(l.newRun());
        } else if (effect instanceof Effect.TakeOver) {
            takeOver();
        } else if (effect instanceof Effect.ReportLaunchFailure f) {
            emit(EventKind.START_FAILED, null, "Could not start " + name() + ": " + f.error(), Map.of());
        } else if (effect instanceof Effect.BeginRunning) {
            watch.running(services.random().getAsDouble());
        } else if (effect instanceof Effect.StopWatching) {
            watch.cancel();
        } else if (effect instanceof Effect.CountRestart c) {
            stats.countRestart(time.clock().instant(), c.reason(), c.detail());
            emit(EventKind.RESTART, c.reason(), "Triggering restart of " + name() + ": " + c.reason() + " ("
                    + c.detail() + ")" + (c.skipsBackoff() ? ", skipping the backoff" : ""),
                    process == null ? Map.of() : Map.of("pid", process.pid()));
        } else if (effect instanceof Effect.BeginStop b) {
            // A stop clears the delay of the last start: what follows is at once or after a new backoff.
            stats.noDelay();
            BotProcess p = process;
            stopping = new StopSequence(name(), p, b.reason(), config.stop().signal(), graceFor(b.reason()), time,
                    actor, sink, () -> handle(new Input.TreeGone()));
            stopping.begin(b.mainGone(), b.code());
        } else if (effect instanceof Effect.MainExited m) {
            stopping.mainExited(m.code());
        } else if (effect instanceof Effect.WaitBackoff w) {
            waitBackoff(w.failuresInRow());
        } else if (effect instanceof Effect.CancelBackoff) {
            backoffTimer.cancel();
            stats.backoffOver();
        } else if (effect instanceof Effect.Forgive) {
            stats.forgive();
        } else if (effect instanceof Effect.Finish) {
            finish();
        } else {
            throw new IllegalArgumentException("unknown effect " + effect);
        }
    }

    private void launch(boolean newRun) {
        process = null;
        if (newRun) {
            stats.forgive();
            stopped = new CompletableFuture<>();
            flag.start();
        }
        String attempt = stats.startAttempt();
        emit(EventKind.STARTING, null, "Starting " + name() + " (" + attempt + ")", Map.of("attempt", stats.attempt()));
        try {
            watch(services.launcher().start(config));
        } catch (IOException | RuntimeException e) {
            handle(new Input.LaunchFailed(e.getMessage()));
        }
    }

    private void takeOver() {
        BotProcess p = toAdopt;
        toAdopt = null;
        stopped = new CompletableFuture<>();
        stats.adopted();
        emit(EventKind.ADOPTED, null, "Adopted " + name() + " (pid " + p.pid() + ", running since " + p.startedAt()
                + "); not starting a second copy", Map.of("pid", p.pid()));
        watch(p);
        flag.start();
    }

    /** Watches a process from its start: its exit, health and memory. */
    private void watch(BotProcess p) {
        process = p;
        p.onExit().thenAccept(code -> actor.handOff(() -> {
            if (p == process) {
                handle(new Input.Exited(code, flag.take() ? flag.describe() : null));
            }
        }));
        watch = new ProcessWatch(() -> config, p, services, actor, sink);
    }

    /** A bot stopped for failing health is likely hung: it gets the health grace when one is set. */
    private Duration graceFor(RestartReason reason) {
        Duration normal = config.stop().grace();
        return reason == RestartReason.HEALTH_CHECK_FAILED || reason == RestartReason.STARTUP_TIMEOUT
                ? config.health().stopGraceOr(normal) : normal;
    }

    private void waitBackoff(int failuresInRow) {
        process = null;
        Duration delay = Backoff.of(config.restart()).delayFor(failuresInRow, services.random());
        stats.backoff(delay, time.clock().instant().plus(delay));
        String looping = lifecycle.crashLooping() ? ", crash-looping" : "";
        emit(EventKind.BACKOFF, null, name() + " waits " + Durations.format(delay) + " before the next start ("
                + failuresInRow + " failures in a row" + looping + ")", Map.of("delay_ms", delay.toMillis(),
                "failures", lifecycle.failuresInRow()));
        backoffTimer = later(delay, () -> handle(new Input.BackoffElapsed()));
    }

    private void finish() {
        process = null;
        flag.cancel();
        stats.backoffOver();
        services.launcher().forget(config);
        publish();
        stopped.complete(null);
    }

    // ---- helpers ----

    /** Runs {@code task} on the actor after {@code delay}, with no slack (restarts, kills and backoff are exact). */
    private Cancellable later(Duration delay, Runnable task) {
        return time.schedule(() -> actor.execute(task), delay);
    }

    private void emit(EventKind kind, RestartReason reason, String message, Map<String, Object> details) {
        services.events().accept(new WatchdogEvent(time.clock().instant(), name(), kind, reason, message, details));
    }

    private void publish() {
        services.snapshots().accept(stats.snapshot(name(), lifecycle, process, watch, config.memory().maxMb(),
                time.clock().instant()));
    }
}
