package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.config.RestartConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.model.Signal;
import io.ultrawatch.watchdog.process.BotProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The words of one supervisor's events: one method per thing that happens, so the messages people read in
 * {@code watchdog.log}, the dashboard and notifications are in one place and the supervisor only says what happened.
 * A message never holds a secret (no environment, no env file content).
 */
final class Announcer {
    private final Supplier<String> name;
    private final Clock clock;
    private final Consumer<WatchdogEvent> events;

    Announcer(Supplier<String> name, Clock clock, Consumer<WatchdogEvent> events) {
        this.name = name;
        this.clock = clock;
        this.events = events;
    }

    void emit(EventKind kind, RestartReason reason, String message, Map<String, Object> details) {
        events.accept(new WatchdogEvent(clock.instant(), name.get(), kind, reason, message, details));
    }

    /** @param startsLeft what the start budget still allows in its window (the digest reports it) */
    void starting(String attempt, int n, int startsLeft) {
        emit(EventKind.STARTING, null, "Starting " + name.get() + " (" + attempt + ")", Map.of("attempt", n,
                "starts_left", startsLeft));
    }

    void adopted(BotProcess p) {
        emit(EventKind.ADOPTED, null, "Adopted " + name.get() + " (pid " + p.pid() + ", running since "
                + p.startedAt() + "); not starting a second copy", Map.of("pid", p.pid()));
    }

    void launchFailed(String error) {
        emit(EventKind.START_FAILED, null, "Could not start " + name.get() + ": " + error, Map.of());
    }

    void recovered(int failures) {
        emit(EventKind.RECOVERED, null, name.get() + " is healthy again after " + failures + " failure(s) in a row",
                Map.of("failures", failures));
    }

    void restart(RestartReason reason, String detail, String skips, BotProcess p) {
        emit(EventKind.RESTART, reason, "Triggering restart of " + name.get() + ": " + reason + " (" + detail + ")"
                + (skips != null ? ", skipping " + skips : ""), p == null ? Map.of() : Map.of("pid", p.pid()));
    }

    void crashLooping(int failures) {
        emit(EventKind.CRASH_LOOPING, null, name.get() + " is crash-looping: " + failures + " failures in a row",
                Map.of("failures", failures));
    }

    void backoff(Duration delay, int failures, boolean crashLooping) {
        emit(EventKind.BACKOFF, null, name.get() + " waits " + Durations.format(delay) + " before the next start ("
                + failures + " failures in a row" + (crashLooping ? ", crash-looping" : "") + ")",
                Map.of("delay_ms", delay.toMillis(), "failures", failures));
    }

    void held(Instant until, int starts, RestartConfig r) {
        emit(EventKind.HELD, null, name.get() + " is HELD: its start budget is used up (" + starts + " starts in "
                + Durations.format(r.maxStartsWindow()) + ", restart.max_starts " + r.maxStarts()
                + "); next automatic start at " + until + ", or start it by hand (ultrawatch start " + name.get()
                + ")", Map.of("starts", starts, "held_until", until.toString()));
    }

    void waitingForFix(OptionalInt code, List<Path> watched) {
        String c = code.isPresent() ? Integer.toString(code.getAsInt()) : "?";
        String until = watched.isEmpty() ? "its config changes" : watched + " or its config changes";
        emit(EventKind.WAITING_FOR_FIX, null, name.get() + " exited with " + c + " (restart.wait_for_fix_exit_codes):"
                + " not restarted until " + until + ", or it is started by hand (ultrawatch start " + name.get()
                + ")", Map.of("exit_code", c));
    }

    void nothingToReload(BotState state) {
        emit(EventKind.RELOAD, null, name.get() + " is " + state + ": nothing to reload", Map.of());
    }

    void reloading(Signal signal, long pid, Duration window) {
        emit(EventKind.RELOAD, null, "Reloading " + name.get() + " in place: " + signal.displayName() + " to pid "
                + pid + ", watching its health for " + Durations.format(window), Map.of("pid", pid));
    }
}
