package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.RestartReason;
import java.util.OptionalInt;

/**
 * What the supervisor's state machine reacts to: one record per kind, so a test can list them all. Each is already
 * about the current process: answers about a process that was replaced are dropped before they become inputs.
 */
sealed interface Input {
    /** A person (or the watchdog's start-up) asks for the bot to run. */
    record Start() implements Input { }

    /** An earlier watchdog's bot is still running: take it over instead of starting a second copy. */
    record Adopt() implements Input { }

    /** The process could not be started at all (missing folder, env file, command). */
    record LaunchFailed(String error) implements Input { }

    /** The first healthy answer after a start. */
    record Healthy() implements Input { }

    /** A check that failed while the bot was alive: health, startup timeout or memory. */
    record CheckFailed(RestartReason reason, String detail) implements Input { }

    /** A restart asked for from outside (CLI, API, dashboard, a reload that went wrong). */
    record RestartRequested(RestartReason reason, String detail) implements Input { }

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
     */
    record Exited(OptionalInt code, String flag) implements Input { }

    /** The stop sequence is over: the main process and every process of its tree are gone. */
    record TreeGone() implements Input { }

    /** The backoff delay is over. */
    record BackoffElapsed() implements Input { }

    /** The bot has run for {@code restart.stable_after}: its failures in a row are forgiven. */
    record StableElapsed() implements Input { }
}
