package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.model.Signal;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.sdnotify.NotifyMessage;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executor;

/**
 * Stops one process tree: the stop signal to every process of it, the grace, then SIGKILL to whatever is left, sent
 * again every {@link #KILL_REPEAT} until the main process has exited and nothing of its tree is alive. A process forked
 * between a scan of /proc and the kill, or one that ignored the first SIGKILL for a moment, is caught by the next one.
 * A process in uninterruptible sleep (D state) cannot be killed by anyone: after {@link #STUCK_AFTER} of SIGKILLs an
 * event names the pids that will not die, once, and the bot goes on to its next start (it must not stay down for a
 * process nobody can help), while this sequence keeps sending those pids SIGKILL every {@link #STUCK_KILL_REPEAT}
 * until they are gone: never silently stuck, and never a leftover forgotten.
 *
 * <p>Used on the supervisor's actor only; the sequence reports the end once, by {@code gone}.
 */
final class StopSequence {
    /** How often a tree whose main process is gone is looked at again for leftovers. */
    static final Duration TREE_POLL_INTERVAL = Duration.ofMillis(50);
    /** How often SIGKILL is sent again to what is left of a tree after the grace. */
    static final Duration KILL_REPEAT = Duration.ofMillis(500);
    /** How long SIGKILLs may go unanswered before an event says which processes will not die. */
    static final Duration STUCK_AFTER = Duration.ofSeconds(10);
    /** How often processes that outlived {@link #STUCK_AFTER} get SIGKILL again, after the bot went on. */
    static final Duration STUCK_KILL_REPEAT = Duration.ofSeconds(10);

    private final String name;
    private final BotProcess process;
    private final RestartReason reason;
    private final Signal signal;
    private final Duration grace;
    private final Scheduler time;
    private final Executor actor;
    private final Sink sink;
    private final Runnable gone;
    private final long sinceNanos;
    private Cancellable graceTimer = Cancellable.NONE;
    private Cancellable pollTimer = Cancellable.NONE;
    private boolean mainExited;
    private OptionalInt exitCode = OptionalInt.empty();
    private long killedAtNanos = -1;
    private boolean givenUp;
    private boolean extended;
    private boolean done;

    StopSequence(String name, BotProcess process, RestartReason reason, Signal signal, Duration grace,
                 Scheduler time, Executor actor, Sink sink, Runnable gone) {
        this.name = name;
        this.process = process;
        this.reason = reason;
        this.signal = signal;
        this.grace = grace;
        this.time = time;
        this.actor = actor;
        this.sink = sink;
        this.gone = gone;
        this.sinceNanos = time.nanoTime();
    }

    /** A bot stopped for failing health is likely hung: it gets the health grace when one is set. */
    static Duration graceFor(BotConfig config, RestartReason reason) {
        Duration normal = config.stop().grace();
        return reason == RestartReason.HEALTH_CHECK_FAILED || reason == RestartReason.STARTUP_TIMEOUT
                ? config.health().stopGraceOr(normal) : normal;
    }

    /**
     * @param mainGone the main process has already exited (a crash, with {@code code} when known): then only its
     *     leftovers are signalled, and when there are none the sequence ends at once, without a second look at /proc
     */
    void begin(boolean mainGone, OptionalInt code) {
        if (mainGone) {
            mainExited = true;
            exitCode = code;
        }
        List<Long> tree = process.treePids();
        if (tree.isEmpty() && mainExited) {
            finish();
            return;
        }
        if (!tree.isEmpty()) {
            sink.emit(EventKind.STOPPING, reason, "Stopping " + name + ": " + signal.displayName() + " to pids " + tree
                    + ", SIGKILL after " + Durations.format(grace), Map.of("pids", tree));
            process.signalTree(signal);
        }
        graceTimer = later(grace, this::onGraceExpired);
        check();
    }

    /**
     * The bot asked for more time to stop ({@code EXTEND_TIMEOUT_USEC=}): the SIGKILL comes {@code more} from now
     * instead. Once per stop, and only before the grace ran out: a hung bot must not keep itself alive by asking.
     *
     * @return false when refused
     */
    private boolean extend(Duration more) {
        if (extended || killedAtNanos >= 0 || done) {
            return false;
        }
        extended = true;
        graceTimer.cancel();
        graceTimer = later(more, this::onGraceExpired);
        return true;
    }

    /** A message on the bot's notify socket while it stops: more time to stop, or a note that it is stopping. */
    void notified(NotifyMessage m) {
        String usec = m.get("EXTEND_TIMEOUT_USEC");
        Duration more = usec == null ? null : NotifyWatch.micros(usec);
        if (more != null && extend(more)) {
            sink.emit(EventKind.NOTIFY, reason, name + " asked for " + Durations.format(more) + " more to stop"
                    + " (EXTEND_TIMEOUT_USEC); SIGKILL after that", Map.of("extend_ms", more.toMillis()));
        } else if (usec != null) {
            sink.emit(EventKind.NOTIFY_REFUSED, reason, name + ": EXTEND_TIMEOUT_USEC while stopping ignored (once per"
                    + " stop, before the SIGKILL, a number of microseconds)", Map.of());
        }
        if (m.flag("STOPPING")) {
            sink.emit(EventKind.NOTIFY, reason, name + " says it is stopping (STOPPING=1)", Map.of());
        }
    }

    void mainExited(OptionalInt code) {
        mainExited = true;
        exitCode = code;
        check();
    }

    private void onGraceExpired() {
        List<Long> left = process.treePids();
        if (!left.isEmpty()) {
            killedAtNanos = time.nanoTime();
            sink.emit(EventKind.KILLED, reason, name + " did not stop within " + Durations.format(grace) + " of "
                    + signal.displayName() + (extended ? " and the extension it asked for" : "") + ": SIGKILL to pids "
                    + left, Map.of("pids", left));
            process.signalTree(Signal.KILL);
        }
        check();
    }

    /** Ends the sequence once the main process has exited and nothing of its tree is left; else looks again. */
    private void check() {
        if (done) {
            return;
        }
        pollTimer.cancel();
        boolean killing = killedAtNanos >= 0;
        if (mainExited && !process.treeAlive()) {
            finish();
            return;
        }
        if (killing) {
            pollTimer = later(givenUp ? STUCK_KILL_REPEAT : KILL_REPEAT, this::killAgain);
        } else if (mainExited) {
            pollTimer = later(TREE_POLL_INTERVAL, this::check);
        }
        // Else: the main process still runs within its grace; its exit or the grace timer comes next.
    }

    private void killAgain() {
        List<Long> left = process.treePids();
        if (!left.isEmpty()) {
            process.signalTree(Signal.KILL);
            if (!givenUp && time.nanoTime() - killedAtNanos >= STUCK_AFTER.toNanos()) {
                givenUp = true;
                sink.emit(EventKind.STOP_STUCK, reason, name + ": pids " + left + " still alive "
                        + Durations.format(STUCK_AFTER) + " after SIGKILL (uninterruptible sleep?); going on without"
                        + " them, SIGKILL again every " + Durations.format(STUCK_KILL_REPEAT) + " until they are gone",
                        Map.of("pids", left));
                gone.run();
            }
        }
        check();
    }

    private void finish() {
        done = true;
        graceTimer.cancel();
        pollTimer.cancel();
        if (givenUp) {
            return;   // the bot went on already; the last of its stuck processes is gone now
        }
        double secs = (time.nanoTime() - sinceNanos) / 1e9;
        String exit = exitCode.isPresent() ? "exited " + exitCode.getAsInt() : "exited";
        boolean killed = killedAtNanos >= 0;
        String how = killed ? "SIGKILL after " + Durations.format(grace) + " grace" : signal.displayName();
        Map<String, Object> details = new HashMap<>();
        details.put("pid", process.pid());
        details.put("killed", killed);
        exitCode.ifPresent(c -> details.put("exit_code", c));
        if (reason == RestartReason.EXITED) {
            sink.emit(EventKind.STOPPED, reason, name + " exited on its own (" + exit + ")", details);
        } else {
            sink.emit(EventKind.STOPPED, reason, String.format("%s stopped (%s, %s after %.1f s)", name, how, exit,
                    secs), details);
        }
        gone.run();
    }

    private Cancellable later(Duration delay, Runnable task) {
        return time.schedule(() -> actor.execute(() -> {
            if (!done) {
                task.run();
            }
        }), delay);
    }
}
