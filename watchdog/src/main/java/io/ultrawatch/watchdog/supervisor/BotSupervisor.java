package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.event.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.policy.Backoff;
import io.ultrawatch.watchdog.probe.HealthProber;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.process.ProcessLauncher;
import io.ultrawatch.watchdog.model.Signal;
import io.ultrawatch.watchdog.resource.MemoryProbe;
import io.ultrawatch.watchdog.time.Actor;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Keeps one bot alive: the state machine of ARCHITECTURE.md.
 *
 * <pre>
 * STOPPED ─start─&gt; STARTING ─healthy─&gt; RUNNING ─probes/memory/exit/request─&gt; STOPPING ─tree gone─&gt; BACKOFF ─delay─&gt; STARTING
 *                     └─ startup timeout, exit ─────────────────────────────────────^
 * </pre>
 *
 * <p>Thread-safety: the public methods only hand a message to the supervisor's actor; every field is read and written
 * on that actor alone, so there are no locks. Results from other threads (process exit, probe answers, timers) come
 * back as messages too, tagged with the generation of the process they are about, so a late answer about a process
 * that was already replaced is ignored.
 */
public final class BotSupervisor {
    /** While starting, probe faster than the configured interval so a ready bot is seen ready at once. */
    static final Duration STARTUP_PROBE_INTERVAL = Duration.ofMillis(200);
    /** How often the restart flag file is looked for. */
    static final Duration FLAG_CHECK_INTERVAL = Duration.ofMillis(500);
    /** How often a stopping bot's leftover processes are looked for once its main process is gone. */
    static final Duration TREE_POLL_INTERVAL = Duration.ofMillis(50);
    /** The shortest time a bot's health is watched after a reload signal. */
    static final Duration MIN_RELOAD_WINDOW = Duration.ofSeconds(3);
    /**
     * The share of a periodic timer's interval it may run late so that many bots' probes and samples share a
     * wake-up; each runs at a fixed rate from its own deadlines, so the lateness never adds up.
     */
    static final int PERIODIC_SLACK_DIVISOR = 10;
    /** Consecutive failed starts after which the status calls the bot crash-looping. */
    static final int CRASH_LOOP_FAILURES = 3;

    private final Actor actor;
    private final Scheduler time;
    private final ProcessLauncher launcher;
    private final HealthProber prober;
    private final MemoryProbe memory;
    private final Consumer<WatchdogEvent> events;
    private final Consumer<BotSnapshot> snapshots;
    private final DoubleSupplier random;

    private BotConfig config;
    private BotState state = BotState.STOPPED;
    private BotProcess process;
    /** Incremented for each process, so messages about an earlier one are recognised and dropped. */
    private long generation;
    private long startedNanos;
    private Instant startedAt;
    private int attempt;
    private Duration lastDelay = Duration.ZERO;
    private int consecutiveFailures;
    private int probeFailures;
    private ProbeResult lastProbe;
    private int memoryOver;
    private Long memoryBytes;
    private long restartsTotal;
    private final Map<RestartReason, Long> restartsByReason = new EnumMap<>(RestartReason.class);
    private BotSnapshot.LastRestart lastRestart;
    private Duration backoffDelay = Duration.ZERO;
    private Instant nextStartAt;
    private Stopping stopping;
    private Instant observedAt;
    /** While a reload's health window is open: until when, and the signal sent; 0 when none is open. */
    private long reloadUntilNanos;
    private Signal reloadSignal;

    private Cancellable probeTimer = Cancellable.NONE;
    private Cancellable startupTimer = Cancellable.NONE;
    private Cancellable memoryTimer = Cancellable.NONE;
    private long probeDueNanos;
    private long memoryDueNanos;
    private Cancellable stableTimer = Cancellable.NONE;
    private Cancellable scheduleTimer = Cancellable.NONE;
    private Cancellable flagTimer = Cancellable.NONE;
    private Cancellable graceTimer = Cancellable.NONE;
    private Cancellable treeTimer = Cancellable.NONE;
    private Cancellable backoffTimer = Cancellable.NONE;

    private CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);

    /** What a stop in progress is for. */
    private static final class Stopping {
        final RestartReason reason;
        final String detail;
        boolean restartAfter;
        final long sinceNanos;
        final Signal signal;
        final Duration grace;
        boolean killed;
        boolean mainExited;
        OptionalInt exitCode = OptionalInt.empty();

        Stopping(RestartReason reason, String detail, boolean restartAfter, long sinceNanos, Signal signal,
                 Duration grace) {
            this.reason = reason;
            this.detail = detail;
            this.restartAfter = restartAfter;
            this.sinceNanos = sinceNanos;
            this.signal = signal;
            this.grace = grace;
        }
    }

    /** The collaborators of a supervisor; one instance is shared by all supervisors of a watchdog. */
    public record Services(Scheduler time, ProcessLauncher launcher, HealthProber prober, MemoryProbe memory,
                           Consumer<WatchdogEvent> events, Consumer<BotSnapshot> snapshots, DoubleSupplier random) {
    }

    public BotSupervisor(BotConfig config, Actor actor, Services services) {
        this.config = config;
        this.actor = actor;
        this.time = services.time();
        this.launcher = services.launcher();
        this.prober = services.prober();
        this.memory = services.memory();
        this.events = services.events();
        this.snapshots = services.snapshots();
        this.random = services.random();
    }

    public String name() {
        return config.name();
    }

    // ---- commands (any thread) ----

    /** Starts the bot if it is stopped; starts it at once if it is waiting out a backoff. */
    public void start() {
        actor.execute(this::onStart);
    }

    /** Takes over a bot an earlier watchdog left running instead of starting a second copy. */
    public void adopt(BotProcess running) {
        actor.execute(() -> onAdopt(running));
    }

    /** Restarts the bot: a fresh process after the current one (and its tree) is gone. */
    public void restart(RestartReason reason, String detail) {
        actor.execute(() -> onRestart(reason, detail));
    }

    /** Stops the bot and its whole tree; the future completes once it is STOPPED. */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.execute(() -> onStop().whenComplete((v, e) -> done.complete(null)));
        return done;
    }

    /**
     * Applies a reloaded config. Thresholds and limits apply at once, intervals from the next probe or sample; a change
     * of launch settings (command, env, env file, working dir) restarts a running bot with {@code config_changed}.
     */
    public void applyConfig(BotConfig newConfig) {
        actor.execute(() -> onApplyConfig(newConfig));
    }

    /**
     * Reloads the bot in place: its {@code reload_signal} to the main process, then a watch on its health for a
     * window; a failed probe in that window, or no reload signal at all, means a fresh process instead.
     */
    public void reloadBot() {
        actor.execute(this::onReloadBot);
    }

    /** Lets the supervisor show it is alive and refresh time-dependent fields. */
    public void tick() {
        actor.execute(this::publish);
    }

    // ---- handlers (actor only) ----

    private void onApplyConfig(BotConfig next) {
        BotConfig old = config;
        config = next;
        if (alive() && old.launchDiffers(next)) {
            beginStop(RestartReason.CONFIG_CHANGED, "launch settings changed (command, env, env file or working dir)",
                    true);
            return;
        }
        if (state == BotState.RUNNING && !old.schedule().equals(next.schedule())) {
            scheduleTimer.cancel();
            scheduleProactiveRestart();
        }
        publish();
    }

    private void onReloadBot() {
        if (!alive()) {
            emit(EventKind.RELOAD, null, name() + " is " + state + ": nothing to reload", Map.of());
            return;
        }
        if (config.reloadSignal() == null) {
            beginStop(RestartReason.REQUESTED, "reload requested and no reload_signal configured: a fresh process"
                    + " instead", true);
            return;
        }
        Signal signal = config.reloadSignal();
        Duration window = reloadWindow();
        reloadUntilNanos = time.nanoTime() + window.toNanos();
        reloadSignal = signal;
        emit(EventKind.RELOAD, null, "Reloading " + name() + " in place: " + signal.displayName() + " to pid "
                + process.pid() + ", watching its health for " + Durations.format(window),
                Map.of("pid", process.pid()));
        process.signal(signal);
    }

    /** Long enough for the failure threshold's worth of probes to be answered after a reload signal. */
    private Duration reloadWindow() {
        Duration probes = config.health().interval().multipliedBy(config.health().failureThreshold())
                .plus(config.health().timeout());
        return probes.compareTo(MIN_RELOAD_WINDOW) < 0 ? MIN_RELOAD_WINDOW : probes;
    }

    private void onStart() {
        switch (state) {
            case STOPPED -> {
                consecutiveFailures = 0;
                attempt = 0;
                lastDelay = Duration.ZERO;
                stopped = new CompletableFuture<>();
                startFlagWatch();
                spawn();
            }
            case BACKOFF -> {
                backoffTimer.cancel();
                spawn();
            }
            default -> { }
        }
    }

    private void onAdopt(BotProcess running) {
        if (state != BotState.STOPPED) {
            return;
        }
        stopped = new CompletableFuture<>();
        attempt = 1;
        process = running;
        generation++;
        startedAt = running.startedAt();
        startedNanos = time.nanoTime();
        emit(EventKind.ADOPTED, null, "Adopted " + name() + " (pid " + running.pid() + ", running since "
                + running.startedAt() + "); not starting a second copy", Map.of("pid", running.pid()));
        enterStarting();
        startFlagWatch();
    }

    private void onRestart(RestartReason reason, String detail) {
        switch (state) {
            case STARTING, RUNNING -> beginStop(reason, detail, true);
            case BACKOFF -> {
                countRestart(reason, detail);
                emit(EventKind.RESTART, reason, "Triggering restart of " + name() + ": " + reason + " (" + detail
                        + "), skipping the backoff", Map.of());
                backoffTimer.cancel();
                spawn();
            }
            case STOPPING -> stopping.restartAfter = true;
            case STOPPED -> onStart();
        }
    }

    private CompletableFuture<Void> onStop() {
        switch (state) {
            case STARTING, RUNNING -> beginStop(null, "stop requested", false);
            case STOPPING -> stopping.restartAfter = false;
            case BACKOFF -> {
                backoffTimer.cancel();
                enterStopped();
            }
            case STOPPED -> { }
        }
        return stopped;
    }

    private void spawn() {
        backoffTimer.cancel();
        nextStartAt = null;
        backoffDelay = Duration.ZERO;
        attempt++;
        String after = lastDelay.isZero() ? "" : ", after " + Durations.format(lastDelay) + " backoff";
        emit(EventKind.STARTING, null, "Starting " + name() + " (attempt " + attempt + after + ")",
                Map.of("attempt", attempt));
        try {
            process = launcher.start(config);
        } catch (IOException | RuntimeException e) {
            process = null;
            consecutiveFailures++;
            emit(EventKind.START_FAILED, null, "Could not start " + name() + ": " + e.getMessage(), Map.of());
            enterBackoff(Backoff.of(config.restart()).delayFor(Math.max(2, consecutiveFailures), random));
            return;
        }
        generation++;
        startedNanos = time.nanoTime();
        startedAt = process.startedAt();
        enterStarting();
    }

    private void enterStarting() {
        state = BotState.STARTING;
        probeFailures = 0;
        lastProbe = null;
        memoryOver = 0;
        memoryBytes = null;
        long g = generation;
        BotProcess p = process;
        p.onExit().thenAccept(code -> actor.handOff(() -> onExit(g, code)));
        startupTimer = after(config.health().startupTimeout(), () -> onStartupTimeout(g));
        long now = time.nanoTime();
        scheduleProbe(now, Duration.ZERO);
        memoryDueNanos = now;
        scheduleMemorySample();
        publish();
    }

    private void enterRunning() {
        state = BotState.RUNNING;
        startupTimer.cancel();
        long g = generation;
        double startup = (time.nanoTime() - startedNanos) / 1e9;
        String message = process.adopted()
                ? String.format("%s (adopted, pid %d) answers healthy", name(), process.pid())
                : String.format("%s is up and running (startup %.1f s, pid %d)", name(), startup, process.pid());
        emit(EventKind.HEALTHY, null, message, Map.of("pid", process.pid(), "startup_ms", Math.round(startup * 1000)));
        stableTimer = after(config.restart().stableAfter(), () -> {
            if (g == generation && state == BotState.RUNNING) {
                consecutiveFailures = 0;
                attempt = 0;
                lastDelay = Duration.ZERO;
                publish();
            }
        });
        scheduleProactiveRestart();
    }

    private void scheduleProactiveRestart() {
        if (!config.schedule().enabled()) {
            return;
        }
        long g = generation;
        long jitterMs = Math.round(random.getAsDouble() * config.schedule().jitter().toMillis());
        Duration every = config.schedule().every();
        scheduleTimer = after(every.plusMillis(jitterMs), () -> {
            if (g == generation && state == BotState.RUNNING) {
                beginStop(RestartReason.SCHEDULED, "proactive restart every " + Durations.format(every), true);
            }
        });
    }

    // ---- probing ----

    private void scheduleProbe(long dueNanos, Duration interval) {
        long g = generation;
        probeDueNanos = dueNanos;
        probeTimer = periodic(dueNanos, interval, () -> probeNow(g));
    }

    private void probeNow(long g) {
        if (g != generation || !alive()) {
            return;
        }
        prober.probe(config.health().url(), config.health().timeout(),
                result -> actor.execute(() -> onProbe(g, result)));
    }

    private void onProbe(long g, ProbeResult result) {
        if (g != generation || !alive()) {
            return;
        }
        lastProbe = result;
        boolean reloading = reloadUntilNanos != 0;
        if (reloading && !result.ok()) {
            reloadUntilNanos = 0;
            beginStop(RestartReason.REQUESTED, "reload via " + reloadSignal.displayName() + " left " + name()
                    + " unhealthy (" + result.error() + "): a fresh process instead", true);
            return;
        }
        if (reloading && time.nanoTime() >= reloadUntilNanos) {
            reloadUntilNanos = 0;
            emit(EventKind.RELOAD, null, name() + " reloaded in place and stayed healthy", Map.of());
        }
        if (result.ok()) {
            probeFailures = 0;
            if (state == BotState.STARTING) {
                enterRunning();
            }
        } else {
            probeFailures++;
            if (state == BotState.RUNNING) {
                int threshold = config.health().failureThreshold();
                emit(EventKind.PROBE_FAILED, null, name() + " health probe failed (" + probeFailures + "/"
                        + threshold + "): " + result.error(), Map.of("failures", probeFailures));
                // A bot that died answers no probe either: its exit, polled for an adopted bot, is the reason.
                if (probeFailures >= threshold && !process.mainExited()) {
                    beginStop(RestartReason.HEALTH_CHECK_FAILED, probeFailures + " failed probes, last: "
                            + result.error(), true);
                    return;
                }
            }
        }
        // Fixed rate from the probe's deadline, never two in flight: a slow answer shortens the next wait.
        Duration interval = state == BotState.STARTING
                ? min(config.health().interval(), STARTUP_PROBE_INTERVAL) : config.health().interval();
        scheduleProbe(nextDue(probeDueNanos, interval), interval);
        publish();
    }

    private void onStartupTimeout(long g) {
        if (g != generation || state != BotState.STARTING) {
            return;
        }
        String last = lastProbe == null ? "no probe answered" : "last probe: " + describe(lastProbe);
        beginStop(RestartReason.STARTUP_TIMEOUT, "not healthy within "
                + Durations.format(config.health().startupTimeout()) + ", " + last, true);
    }

    // ---- memory ----

    private void scheduleMemorySample() {
        long g = generation;
        Duration interval = config.memory().sampleInterval();
        memoryDueNanos = nextDue(memoryDueNanos, interval);
        memoryTimer = periodic(memoryDueNanos, interval, () -> sampleMemory(g));
    }

    private void sampleMemory(long g) {
        if (g != generation || !alive()) {
            return;
        }
        OptionalLong rss = memory.rssBytes(process.samplePids());
        memoryBytes = rss.isPresent() ? rss.getAsLong() : null;
        long limitMb = config.memory().maxMb();
        if (rss.isPresent() && config.memory().limited() && rss.getAsLong() > limitMb * 1024 * 1024) {
            memoryOver++;
            int needed = config.memory().consecutiveSamples();
            long mb = rss.getAsLong() / (1024 * 1024);
            emit(EventKind.MEMORY_HIGH, null, name() + " uses " + mb + " MB, over its " + limitMb + " MB limit (sample "
                    + memoryOver + "/" + needed + ")", Map.of("memory_mb", mb, "limit_mb", limitMb));
            if (memoryOver >= needed) {
                beginStop(RestartReason.MEMORY_LIMIT, "RSS " + mb + " MB over the " + limitMb + " MB limit for "
                        + memoryOver + " samples", true);
                return;
            }
        } else {
            memoryOver = 0;
        }
        scheduleMemorySample();
        publish();
    }

    // ---- the restart flag file ----

    private void startFlagWatch() {
        flagTimer.cancel();
        if (config.restartFlagFile() != null) {
            flagTimer = after(FLAG_CHECK_INTERVAL, slackOf(FLAG_CHECK_INTERVAL), this::checkFlag);
        }
    }

    private void checkFlag() {
        if (state == BotState.STOPPED) {
            return;
        }
        if (takeFlag()) {
            String detail = "restart flag file " + config.restartFlagFile().getFileName();
            switch (state) {
                case STARTING, RUNNING -> beginStop(RestartReason.REQUESTED, detail, true);
                case BACKOFF -> onRestart(RestartReason.REQUESTED, detail);
                default -> { }
            }
        }
        startFlagWatch();
    }

    /** Removes the flag file when present; true when it was there. */
    private boolean takeFlag() {
        Path flag = config.restartFlagFile();
        if (flag == null) {
            return false;
        }
        try {
            return Files.deleteIfExists(flag);
        } catch (IOException e) {
            return Files.exists(flag);
        }
    }

    // ---- stopping ----

    private void onExit(long g, OptionalInt code) {
        if (g != generation || process == null) {
            return;
        }
        if (state == BotState.STOPPING) {
            stopping.mainExited = true;
            stopping.exitCode = code;
            checkStopped();
            return;
        }
        String how = code.isPresent() ? "exit code " + describeExit(code.getAsInt()) : "exited";
        if (takeFlag()) {
            beginStop(RestartReason.REQUESTED, "restart flag file " + config.restartFlagFile().getFileName()
                    + " (bot " + how + ")", true, code);
        } else {
            beginStop(RestartReason.EXITED, how, true, code);
        }
    }

    /** "137 (SIGKILL)" for a death by signal, as Java reports it (128 + signal number); else the code. */
    static String describeExit(int code) {
        if (code > 128) {
            for (Signal s : Signal.values()) {
                if (s.number() == code - 128) {
                    return code + " (" + s.displayName() + ")";
                }
            }
        }
        return Integer.toString(code);
    }

    private void beginStop(RestartReason reason, String detail, boolean restartAfter) {
        beginStop(reason, detail, restartAfter, null);
    }

    /**
     * @param exitCode set when the main process has already exited (a crash): then only its leftovers are signalled,
     *     and when there are none the next start follows at once, without a second look at /proc
     */
    private void beginStop(RestartReason reason, String detail, boolean restartAfter, OptionalInt exitCode) {
        cancelRunTimers();
        Signal signal = config.stop().signal();
        stopping = new Stopping(reason, detail, restartAfter, time.nanoTime(), signal, graceFor(reason));
        if (exitCode != null) {
            stopping.mainExited = true;
            stopping.exitCode = exitCode;
        }
        if (reason != null) {
            countRestart(reason, detail);
            emit(EventKind.RESTART, reason, "Triggering restart of " + name() + ": " + reason + " (" + detail + ")",
                    Map.of("pid", process.pid()));
        }
        state = BotState.STOPPING;
        List<Long> tree = process.treePids();
        if (tree.isEmpty() && stopping.mainExited) {
            finishStop();
            return;
        }
        if (!tree.isEmpty()) {
            emit(EventKind.STOPPING, reason, "Stopping " + name() + ": " + signal.displayName() + " to pids " + tree
                    + ", SIGKILL after " + Durations.format(stopping.grace), Map.of("pids", tree));
            process.signalTree(signal);
        }
        long g = generation;
        graceTimer = after(stopping.grace, () -> onGraceExpired(g));
        if (stopping.mainExited) {
            checkStopped();
        }
        publish();
    }

    /** A bot stopped for failing health is likely hung: it gets the health grace when one is set. */
    private Duration graceFor(RestartReason reason) {
        Duration normal = config.stop().grace();
        return reason == RestartReason.HEALTH_CHECK_FAILED || reason == RestartReason.STARTUP_TIMEOUT
                ? config.health().stopGraceOr(normal) : normal;
    }

    private void onGraceExpired(long g) {
        if (g != generation || state != BotState.STOPPING) {
            return;
        }
        List<Long> left = process.treePids();
        if (!left.isEmpty()) {
            stopping.killed = true;
            emit(EventKind.KILLED, stopping.reason, name() + " did not stop within "
                    + Durations.format(stopping.grace) + " of " + stopping.signal.displayName()
                    + ": SIGKILL to pids " + left, Map.of("pids", left));
            process.signalTree(Signal.KILL);
        }
        checkStopped();
    }

    /** Finishes the stop once the main process has exited and nothing of its tree is left. */
    private void checkStopped() {
        treeTimer.cancel();
        if (!stopping.mainExited) {
            return;
        }
        if (process.treeAlive()) {
            long g = generation;
            treeTimer = after(TREE_POLL_INTERVAL, () -> {
                if (g == generation && state == BotState.STOPPING) {
                    checkStopped();
                }
            });
            return;
        }
        finishStop();
    }

    private void finishStop() {
        graceTimer.cancel();
        treeTimer.cancel();
        Stopping s = stopping;
        double secs = (time.nanoTime() - s.sinceNanos) / 1e9;
        String exit = s.exitCode.isPresent() ? "exited " + s.exitCode.getAsInt() : "exited";
        String how = s.killed ? "SIGKILL after " + Durations.format(s.grace) + " grace"
                : s.signal.displayName();
        Map<String, Object> details = new HashMap<>();
        details.put("pid", process.pid());
        details.put("killed", s.killed);
        s.exitCode.ifPresent(c -> details.put("exit_code", c));
        if (s.reason == RestartReason.EXITED) {
            emit(EventKind.STOPPED, s.reason, name() + " exited on its own (" + exit + ")", details);
        } else {
            emit(EventKind.STOPPED, s.reason, String.format("%s stopped (%s, %s after %.1f s)", name(), how, exit,
                    secs), details);
        }
        process = null;
        stopping = null;
        if (!s.restartAfter) {
            enterStopped();
            return;
        }
        if (s.reason != null && s.reason.isFailure()) {
            consecutiveFailures++;
        }
        Duration delay = s.reason != null && s.reason.isFailure()
                ? Backoff.of(config.restart()).delayFor(consecutiveFailures, random) : Duration.ZERO;
        if (delay.isZero()) {
            lastDelay = Duration.ZERO;
            spawn();
        } else {
            enterBackoff(delay);
        }
    }

    private void enterBackoff(Duration delay) {
        state = BotState.BACKOFF;
        backoffDelay = delay;
        lastDelay = delay;
        nextStartAt = time.clock().instant().plus(delay);
        String looping = crashLooping() ? ", crash-looping" : "";
        emit(EventKind.BACKOFF, null, name() + " waits " + Durations.format(delay) + " before the next start ("
                + consecutiveFailures + " failures in a row" + looping + ")", Map.of("delay_ms", delay.toMillis(),
                "failures", consecutiveFailures));
        backoffTimer = after(delay, () -> {
            if (state == BotState.BACKOFF) {
                spawn();
            }
        });
        publish();
    }

    private void enterStopped() {
        state = BotState.STOPPED;
        process = null;
        flagTimer.cancel();
        nextStartAt = null;
        backoffDelay = Duration.ZERO;
        launcher.forget(config);
        publish();
        stopped.complete(null);
    }

    // ---- helpers ----

    private void cancelRunTimers() {
        reloadUntilNanos = 0;
        probeTimer.cancel();
        startupTimer.cancel();
        memoryTimer.cancel();
        stableTimer.cancel();
        scheduleTimer.cancel();
    }

    private boolean alive() {
        return state == BotState.STARTING || state == BotState.RUNNING;
    }

    private boolean crashLooping() {
        return consecutiveFailures >= CRASH_LOOP_FAILURES;
    }

    private void countRestart(RestartReason reason, String detail) {
        restartsTotal++;
        restartsByReason.merge(reason, 1L, Long::sum);
        lastRestart = new BotSnapshot.LastRestart(time.clock().instant(), reason, detail);
    }

    private Cancellable after(Duration delay, Runnable task) {
        return after(delay, Duration.ZERO, task);
    }

    /** Runs {@code task} on the actor after {@code delay}, up to {@code slack} late (see {@link Scheduler}). */
    private Cancellable after(Duration delay, Duration slack, Runnable task) {
        return time.schedule(() -> actor.execute(task), delay, slack);
    }

    /** A timer of a fixed-rate series, due at {@code dueNanos} on the monotonic clock. */
    private Cancellable periodic(long dueNanos, Duration interval, Runnable task) {
        return after(Duration.ofNanos(Math.max(0, dueNanos - time.nanoTime())), slackOf(interval), task);
    }

    /** One interval after the last deadline, or now when that has passed already (no burst to catch up). */
    private long nextDue(long lastDueNanos, Duration interval) {
        return Math.max(lastDueNanos + interval.toNanos(), time.nanoTime());
    }

    private static Duration slackOf(Duration interval) {
        return interval.dividedBy(PERIODIC_SLACK_DIVISOR);
    }

    private void emit(EventKind kind, RestartReason reason, String message, Map<String, Object> details) {
        events.accept(new WatchdogEvent(time.clock().instant(), name(), kind, reason, message, details));
    }

    private void publish() {
        observedAt = time.clock().instant();
        snapshots.accept(snapshot());
    }

    private BotSnapshot snapshot() {
        return new BotSnapshot(name(), state, process == null ? null : process.pid(),
                process != null && process.adopted(), process == null ? null : startedAt, restartsTotal,
                restartsByReason, lastRestart, probeFailures, lastProbe, memoryBytes, config.memory().maxMb(),
                backoffDelay.toMillis(), nextStartAt, consecutiveFailures, crashLooping(), observedAt);
    }

    private static String describe(ProbeResult r) {
        return r.ok() ? "HTTP " + r.status() : r.error();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
