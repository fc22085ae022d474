package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.policy.StartBudget;
import io.ultrawatch.watchdog.policy.StartHistory;
import io.ultrawatch.watchdog.probe.HealthChecks;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.process.ProcessLauncher;
import io.ultrawatch.watchdog.resource.MemoryProbe;
import io.ultrawatch.watchdog.sdnotify.NotifyMessage;
import io.ultrawatch.watchdog.sdnotify.NotifySockets;
import io.ultrawatch.watchdog.time.Actor;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
    private final BotStats stats;
    private final Announcer say;
    private final Sink sink;
    private final Inbox inbox = new Inbox();

    private BotConfig config;
    private Lifecycle lifecycle = Lifecycle.STOPPED;
    private BotProcess process;
    /** What is watched about the current process; null before the first start. */
    private ProcessWatch watch;
    private final FlagWatch flag;
    private final Waits waits;
    private final NotifyLink notify;
    private StopSequence stopping;
    private CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);

    /**
     * The collaborators of a supervisor; one instance is shared by all supervisors of a watchdog.
     *
     * @param starts where the start budget's record survives the watchdog
     */
    public record Services(Scheduler time, ProcessLauncher launcher, HealthChecks prober, MemoryProbe memory,
                           Consumer<WatchdogEvent> events, Consumer<BotSnapshot> snapshots, DoubleSupplier random,
                           StartHistory starts, NotifySockets notifySockets) {
    }

    public BotSupervisor(BotConfig config, Actor actor, Services services) {
        this.config = config;
        this.actor = actor;
        this.services = services;
        this.time = services.time();
        this.say = new Announcer(this::name, time.clock(), services.events());
        this.sink = Sink.of(this::handle, say::emit, this::publish);
        this.flag = new FlagWatch(() -> this.config, time, actor, sink);
        this.stats = new BotStats(services.starts().load(config.name()));
        this.waits = new Waits(() -> this.config, time, actor, services.random(), stats, say, sink);
        this.notify = new NotifyLink(() -> this.config, services.notifySockets(), actor, this::notified);
    }

    public String name() {
        return config.name();
    }

    /**
     * A person starts the bot: from STOPPED, or at once when it waits out a backoff, a hold of the start budget or
     * a fix (the start still counts against the budget).
     */
    public void start() {
        actor.execute(() -> handle(new Input.Start(true)));
    }

    /** The watchdog starts the bot (at its own start, or a bot added by a reload): within the start budget. */
    public void startWithinBudget() {
        actor.execute(() -> handle(new Input.Start(false)));
    }

    /** Takes over a bot an earlier watchdog left running instead of starting a second copy. */
    public void adopt(BotProcess running) {
        actor.execute(() -> handle(new Input.Adopt(running)));
    }

    /**
     * A person restarts the bot: a fresh process after the current one (and its tree) is gone; a held or waiting
     * bot starts at once.
     */
    public void restart(RestartReason reason, String detail) {
        actor.execute(() -> handle(new Input.RestartRequested(reason, detail, true)));
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
            } else if (!old.equals(newConfig)) {
                handle(new Input.InputsChanged("the watchdog's config"));
            }
            if (lifecycle.state() == BotState.RUNNING && !old.schedule().equals(newConfig.schedule())) {
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
                say.nothingToReload(lifecycle.state());
            } else if (config.reloadSignal() == null) {
                handle(new Input.RestartRequested(RestartReason.REQUESTED, "reload requested and no reload_signal"
                        + " configured: a fresh process instead", true));
            } else {
                Duration window = watch.openReloadWindow(config.reloadSignal());
                say.reloading(config.reloadSignal(), process.pid(), window);
                process.signal(config.reloadSignal());
            }
        });
    }

    /** Lets the supervisor show it is alive and refresh time-dependent fields. */
    public void tick() {
        actor.execute(this::publish);
    }

    private void handle(Input input) {
        if (inbox.drain(input, this::step)) {
            publish();
        }
    }

    private void step(Input input) {
        Transitions.Step step = Transitions.next(lifecycle, input);
        if (step.impossible() != null) {
            log.warn("{}: ignored an input that cannot happen: {}", name(), step.impossible());
        }
        lifecycle = step.next();
        step.effects().forEach(this::run);
    }

    private void run(Effect effect) {
        if (effect instanceof Effect.Launch l) {
            launch(l.newRun(), l.byPerson());
        } else if (effect instanceof Effect.TakeOver t) {
            takeOver(t.process());
        } else if (effect instanceof Effect.ReportLaunchFailure f) {
            stats.failedStart();
            say.launchFailed(f.error());
        } else if (effect instanceof Effect.BeginRunning r) {
            watch.running(services.random().getAsDouble());
            if (r.afterFailures() > 0) {
                say.recovered(r.afterFailures());
            }
        } else if (effect instanceof Effect.StopWatching) {
            watch.cancel();
        } else if (effect instanceof Effect.CountRestart c) {
            stats.countRestart(time.clock().instant(), c.reason(), c.detail());
            say.restart(c.reason(), c.detail(), c.skips(), process);
        } else if (effect instanceof Effect.BeginStop b) {
            // A stop clears the delay of the last start: what follows is at once or after a new backoff.
            stats.noDelay();
            BotProcess p = process;
            stopping = new StopSequence(name(), p, b.reason(), config.stop().signal(),
                    StopSequence.graceFor(config, b.reason()), time, actor, sink, this::treeGone);
            stopping.begin(b.mainGone(), b.code());
        } else if (effect instanceof Effect.MainExited m) {
            stopping.mainExited(m.code());
        } else if (effect instanceof Effect.Forgive) {
            stats.forgive();
        } else if (effect instanceof Effect.Finish) {
            finish();
        } else if (!waits.carryOut(effect, lifecycle)) {
            throw new IllegalArgumentException("unknown effect " + effect);
        }
    }

    private void launch(boolean newRun, boolean byPerson) {
        process = null;
        if (newRun) {
            stats.forgive();
            stopped = new CompletableFuture<>();
            flag.start();
        }
        StartBudget budget = StartBudget.of(config.restart());
        Instant now = time.clock().instant();
        Optional<Input.BudgetSpent> refused = stats.admit(budget, now, byPerson,
                starts -> services.starts().save(name(), starts));
        if (refused.isPresent()) {
            handle(refused.get());
            return;
        }
        say.starting(stats.startAttempt(), stats.attempt(), stats.startsLeft(budget, now));
        try {
            notify.prepare();
            watch(services.launcher().start(config));
        } catch (IOException | RuntimeException e) {
            handle(new Input.LaunchFailed(e.getMessage()));
        }
    }

    private void takeOver(BotProcess p) {
        stopped = new CompletableFuture<>();
        stats.adopted();
        say.adopted(p);
        notify.prepareOrWarn();
        watch(p);
        flag.start();
        if (p.commandChanged()) {
            handle(new Input.LaunchChanged());   // started with another command: take it over, then replace it
        }
    }

    /** Watches a process from its start: its exit, health and memory. */
    private void watch(BotProcess p) {
        process = p;
        p.onExit().thenAccept(code -> actor.handOff(() -> {
            if (p == process) {
                boolean needsFix = code.isPresent() && config.restart().waitsForFix(code.getAsInt());
                handle(new Input.Exited(code, flag.take() ? flag.describe() : null, needsFix));
            }
        }));
        watch = new ProcessWatch(() -> config, p, services, actor, sink);
    }

    /** The stop sequence is over: no process of the bot is left. */
    private void treeGone() {
        process = null;
        handle(new Input.TreeGone());
    }

    /** A message from the bot's notify socket: for the stop in progress, and for the watch of its process. */
    private void notified(NotifyMessage m) {
        if (lifecycle.state() == BotState.STOPPING) {
            stopping.notified(m);
        }
        if (watch != null && process != null) {
            watch.notified(m);
        }
    }

    private void finish() {
        process = null;
        notify.close();
        flag.cancel();
        waits.cancelAll();
        services.launcher().forget(config);
        publish();
        stopped.complete(null);
    }

    private void publish() {
        services.snapshots().accept(stats.snapshot(name(), lifecycle, process, watch, config.memory().maxMb(),
                StartBudget.of(config.restart()), time.clock().instant()));
    }
}
