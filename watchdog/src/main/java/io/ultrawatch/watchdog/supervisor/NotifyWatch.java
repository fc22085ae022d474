package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.process.ProcStat;
import io.ultrawatch.watchdog.sdnotify.NotifyMessage;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a notify bot's messages mean for one of its processes, as {@code sd_notify(3)} defines them: {@code READY=1}
 * ends the start; {@code WATCHDOG=1} resets the deadline and a missed deadline is a failed check, acted on at the
 * deadline itself; {@code WATCHDOG=trigger} is a restart the bot asks for; {@code STATUS=} is shown;
 * {@code EXTEND_TIMEOUT_USEC=} moves the startup deadline once; {@code RELOADING=1} and {@code READY=1} bracket a
 * reload; {@code STOPPING=1} is noted; {@code MAINPID=} is accepted for a process of the bot's tree only. Unknown keys
 * are ignored, as systemd ignores them.
 *
 * <p>One timer for the deadline, and not one per message: a beat only records the time, and the timer, when it fires
 * early because beats came, is set again for the rest. On the supervisor's actor only; {@link #cancel} ends it.
 */
final class NotifyWatch {
    /** The longest status text kept: a line on the dashboard, not a log. */
    static final int MAX_STATUS = 200;

    private final Supplier<BotConfig> config;
    private final BotProcess process;
    private final Scheduler time;
    private final Executor actor;
    private final Sink sink;
    private Cancellable startupTimer = Cancellable.NONE;
    private Cancellable deadline = Cancellable.NONE;
    private long lastBeatNanos;
    private boolean running;
    private boolean startExtended;
    private boolean reloading;
    private boolean cancelled;
    /** A WATCHDOG=1 arrived from this process (to us: an adopted bot's earlier ones went to the previous watchdog). */
    private boolean beaten;
    private String statusText;

    NotifyWatch(Supplier<BotConfig> config, BotProcess process, Scheduler time, Executor actor, Sink sink) {
        this.config = config;
        this.process = process;
        this.time = time;
        this.actor = actor;
        this.sink = sink;
    }

    void start() {
        if (process.adopted()) {
            // Its READY=1 went to the watchdog before us; its beats tell from now on whether it still lives.
            sink.input(new Input.Healthy());
            return;
        }
        startupTimer = later(config.get().health().startupTimeout(), this::onStartupTimeout);
    }

    /** The bot is up: the deadline runs from now. */
    void markRunning() {
        running = true;
        startupTimer.cancel();
        lastBeatNanos = time.nanoTime();
        Duration interval = interval();
        if (interval != null) {
            deadline = later(interval, this::onDeadline);
        }
    }

    void cancel() {
        cancelled = true;
        startupTimer.cancel();
        deadline.cancel();
    }

    /** The bot's last {@code STATUS=} text, or null. */
    String statusText() {
        return statusText;
    }

    void on(NotifyMessage m) {
        String status = m.get("STATUS");
        if (status != null) {
            // Also while stopping: "saving state..." is worth showing.
            statusText = status.isEmpty() ? null : shorten(printable(status), MAX_STATUS);
            sink.publish();
        }
        if (cancelled) {
            return;
        }
        String mainPid = m.get("MAINPID");
        if (mainPid != null) {
            mainPid(mainPid);
        }
        if (m.flag("WATCHDOG")) {
            lastBeatNanos = time.nanoTime();
            beaten = true;
        }
        String extend = m.get("EXTEND_TIMEOUT_USEC");
        if (extend != null && !running) {
            extendStart(extend);
        }
        if (m.flag("RELOADING")) {
            reloading = true;
            sink.emit(EventKind.RELOAD, null, name() + " is reloading (RELOADING=1)", Map.of());
        }
        if (m.flag("STOPPING")) {
            sink.emit(EventKind.NOTIFY, null, name() + " says it is stopping (STOPPING=1)", Map.of());
        }
        if (m.flag("READY")) {
            ready();
        }
        if ("trigger".equals(m.get("WATCHDOG"))) {
            sink.input(new Input.RestartRequested(RestartReason.REQUESTED, name() + " asked for a restart"
                    + " (WATCHDOG=trigger)", false));
        }
    }

    private void ready() {
        if (reloading) {
            reloading = false;
            sink.emit(EventKind.RELOAD, null, name() + " reloaded in place (READY=1 after RELOADING=1)", Map.of());
        } else if (!running) {
            sink.input(new Input.Healthy());
        }
    }

    private void extendStart(String usec) {
        Duration more = micros(usec);
        if (more == null || startExtended) {
            sink.emit(EventKind.NOTIFY_REFUSED, null, name() + ": EXTEND_TIMEOUT_USEC=" + shorten(usec) + " ignored ("
                    + (more == null ? "not a number of microseconds" : "the start was extended once already")
                    + ")", Map.of());
            return;
        }
        startExtended = true;
        startupTimer.cancel();
        startupTimer = later(more, this::onStartupTimeout);
        sink.emit(EventKind.NOTIFY, null, name() + " asked for " + Durations.format(more) + " more to start"
                + " (EXTEND_TIMEOUT_USEC)", Map.of("extend_ms", more.toMillis()));
    }

    /** {@code MAINPID=}: a wrapper script names the real bot; only a process of this bot's own tree is believed. */
    private void mainPid(String value) {
        long pid;
        try {
            pid = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid > 0 && (pid == process.pid() || ProcStat.tree(process.pid(), true).contains(pid))) {
            sink.emit(EventKind.NOTIFY, null, name() + ": main pid is now " + pid + " (MAINPID, in the tree of pid "
                    + process.pid() + ")", Map.of("main_pid", pid));
        } else {
            sink.emit(EventKind.NOTIFY_REFUSED, null, name() + ": MAINPID=" + shorten(value) + " refused: not a"
                    + " process of the bot's tree (pid " + process.pid() + " and its descendants)",
                    Map.of("refused_pid", pid));
        }
    }

    private void onDeadline() {
        Duration interval = interval();
        if (interval == null) {
            return;   // a reload turned the deadline off
        }
        long since = time.nanoTime() - lastBeatNanos;
        if (since < interval.toNanos()) {
            deadline = later(Duration.ofNanos(interval.toNanos() - since), this::onDeadline);
            return;
        }
        String detail = String.format("no WATCHDOG=1 for %.1f s", since / 1e9);
        if (process.adopted() && !beaten) {
            detail += " since the adoption (a bot that connect()s its notify socket once loses it when the watchdog"
                    + " is replaced: send each message with sendto, as sd_notify(3) does)";
        }
        sink.input(new Input.CheckFailed(RestartReason.HEALTH_CHECK_FAILED, detail));
    }

    private void onStartupTimeout() {
        if (running) {
            return;
        }
        sink.input(new Input.CheckFailed(RestartReason.STARTUP_TIMEOUT, "no READY=1 within "
                + Durations.format(config.get().health().startupTimeout()) + (startExtended ? " and its extension"
                : "")));
    }

    private Duration interval() {
        return config.get().health().check() instanceof HealthCheck.Notify n ? n.watchdogInterval() : null;
    }

    private String name() {
        return config.get().name();
    }

    /** A duration in microseconds as the protocol writes it, or null when it is not one. */
    static Duration micros(String usec) {
        try {
            long us = Long.parseLong(usec.strip());
            return us > 0 ? Duration.ofNanos(Math.multiplyExact(us, 1000L)) : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String shorten(String value) {
        return shorten(printable(value), 32);
    }

    /**
     * The bot's words with control characters made visible as '?': they end up in a terminal ({@code ultrawatch
     * status}, the log), where an escape sequence from a bot must not move the cursor or rewrite what a person reads.
     */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    private static String shorten(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }

    /**
     * Runs {@code task} on the actor after {@code delay} unless this watch ended; no slack asked for (a deadline is
     * acted on at the scheduler's 10 ms timer grid, no later).
     */
    private Cancellable later(Duration delay, Runnable task) {
        return time.schedule(() -> actor.execute(() -> {
            if (!cancelled) {
                task.run();
            }
        }), delay);
    }
}
