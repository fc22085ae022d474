package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.process.BotProcess;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * What the supervisor's state machine reacts to: one record per kind, so a test can list them all. Each is already
 * about the current process: answers about a process that was replaced are dropped before they become inputs.
 */
sealed interface Input {
    /**
     * The bot should run.
     *
     * @param byPerson a person asked (CLI, API, dashboard): it lifts a hold and ends a wait for a fix; the watchdog's
     *     own start-up does neither
     */
    record Start(boolean byPerson) implements Input { }

    /** An earlier watchdog's bot is still running: take it over instead of starting a second copy. */
    record Adopt(BotProcess process) implements Input { }

    /** The process could not be started at all (missing folder, env file, command). */
    record LaunchFailed(String error) implements Input { }

    /** The first healthy answer after a start. */
    record Healthy() implements Input { }

    /** A check that failed while the bot was alive: health, startup timeout or memory. */
    record CheckFailed(RestartReason reason, String detail) implements Input { }

    /**
     * A restart asked for from outside (CLI, API, dashboard) or by the watchdog (a reload that went wrong).
     *
     * @param byPerson as for {@link Start}
     */
    record RestartRequested(RestartReason reason, String detail, boolean byPerson) implements Input { }

    /** The bot wrote its restart flag file. */
    record FlagSeen(String detail) implements Input { }

    /** The proactive restart of {@code schedule.every} is due. */
    record ScheduleDue(String detail) implements Input { }

    /** A reload changed the launch settings (command, env, env file, working dir). */
    record LaunchChanged() implements Input { }

    /** A deliberate stop of the bot. */
    record Stop() implements Input { }

    /**
     * The main process exited.
     *
     * @param flag set when the bot wrote its restart flag file before it exited (a requested restart, not a crash):
     *     which file, for the restart's detail; else null
     * @param needsFix the exit code is one of {@code restart.wait_for_fix_exit_codes}
     */
    record Exited(OptionalInt code, String flag, boolean needsFix) implements Input { }

    /** The stop sequence is over: the main process and every process of its tree are gone. */
    record TreeGone() implements Input { }

    /** The backoff delay is over. */
    record BackoffElapsed() implements Input { }

    /** The bot has run for {@code restart.stable_after}: its failures in a row are forgiven. */
    record StableElapsed() implements Input { }

    /** An automatic start was refused: the start budget is used up until {@code until} (wall clock). */
    record BudgetSpent(Instant until, int starts) implements Input { }

    /** The budget's window has freed a start. */
    record BudgetFreed() implements Input { }

    /** One of the bot's inputs changed (its env file, config, or a watched path): a fix may have landed. */
    record InputsChanged(String what) implements Input { }
}
