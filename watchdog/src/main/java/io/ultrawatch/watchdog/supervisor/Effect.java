package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.process.BotProcess;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * What a transition asks the supervisor's shell to do, as data (the actions of Erlang's {@code gen_statem}): the
 * transition table stays free of I/O and time, and its tests compare these records.
 */
sealed interface Effect {
    /**
     * Start a fresh process and watch its start-up, within the start budget unless a person asked.
     *
     * @param newRun a start from STOPPED: attempts count from one again and the flag file is watched
     * @param byPerson a person asked: the start budget does not refuse it (it still counts)
     */
    record Launch(boolean newRun, boolean byPerson) implements Effect {
        static Launch automatic() {
            return new Launch(false, false);
        }
    }

    /** Take over the process an earlier watchdog left running and watch it as a start. */
    record TakeOver(BotProcess process) implements Effect { }

    /** The start failed before a process existed; say why. */
    record ReportLaunchFailure(String error) implements Effect { }

    /**
     * The bot answered healthy: it is up (event, stable timer, scheduled restart).
     *
     * @param afterFailures failures in a row before it: when above 0, the bot recovered from trouble
     */
    record BeginRunning(int afterFailures) implements Effect { }

    /** Stop probing, sampling and the run's timers: the process is no longer watched as alive. */
    record StopWatching() implements Effect { }

    /**
     * Count a restart and announce it.
     *
     * @param skips the wait it cuts short ("the backoff", "the hold"), or null
     */
    record CountRestart(RestartReason reason, String detail, String skips) implements Effect { }

    /**
     * Run the stop sequence on the process tree.
     *
     * @param reason null for a deliberate stop
     * @param mainGone the main process has already exited (with {@code code}, when known): only its leftovers are
     *     signalled
     */
    record BeginStop(RestartReason reason, String detail, boolean mainGone, OptionalInt code) implements Effect {
        static BeginStop ofRunning(RestartReason reason, String detail) {
            return new BeginStop(reason, detail, false, OptionalInt.empty());
        }
    }

    /** The main process of a tree being stopped exited. */
    record MainExited(OptionalInt code) implements Effect { }

    /** Wait out the backoff for this many failures in a row, then {@link Input.BackoffElapsed}. */
    record WaitBackoff(int failuresInRow) implements Effect { }

    /** Call off the backoff wait. */
    record CancelBackoff() implements Effect { }

    /** Hold the bot until the budget's window frees a start, then {@link Input.BudgetFreed}. */
    record Hold(Instant until, int starts) implements Effect { }

    /** Watch the bot's inputs for a change, then {@link Input.InputsChanged}. */
    record WaitForFix(OptionalInt code) implements Effect { }

    /** Call off a hold or a wait for a fix. */
    record CancelWait() implements Effect { }

    /** The failures in a row were forgiven after a stable run. */
    record Forgive() implements Effect { }

    /** The bot is stopped for good: forget its pid file, stop watching the flag, tell who waits for the stop. */
    record Finish() implements Effect { }
}
