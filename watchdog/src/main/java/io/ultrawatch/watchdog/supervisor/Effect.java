package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.RestartReason;
import java.util.OptionalInt;

/**
 * What a transition asks the supervisor's shell to do, as data (the actions of Erlang's {@code gen_statem}): the
 * transition table stays free of I/O and time, and its tests compare these records.
 */
sealed interface Effect {
    /**
     * Start a fresh process and watch its start-up.
     *
     * @param newRun a start from STOPPED: attempts count from one again and the flag file is watched
     */
    record Launch(boolean newRun) implements Effect { }

    /** Take over the process an earlier watchdog left running and watch it as a start. */
    record TakeOver() implements Effect { }

    /** The start failed before a process existed; say why. */
    record ReportLaunchFailure(String error) implements Effect { }

    /** The bot answered healthy: it is up (event, stable timer, scheduled restart). */
    record BeginRunning() implements Effect { }

    /** Stop probing, sampling and the run's timers: the process is no longer watched as alive. */
    record StopWatching() implements Effect { }

    /** Count a restart and announce it. */
    record CountRestart(RestartReason reason, String detail, boolean skipsBackoff) implements Effect { }

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

    /** The failures in a row were forgiven after a stable run. */
    record Forgive() implements Effect { }

    /** The bot is stopped for good: forget its pid file, stop watching the flag, tell who waits for the stop. */
    record Finish() implements Effect { }
}
