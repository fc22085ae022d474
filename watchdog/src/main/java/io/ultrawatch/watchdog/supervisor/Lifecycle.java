package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;

/**
 * The state machine's data: the state, the failures in a row that drive the backoff, and what a stop in progress
 * is for. Immutable; {@link Transitions} makes the next one.
 *
 * @param stop set in STOPPING only
 */
record Lifecycle(BotState state, int failuresInRow, StopIntent stop) {
    /**
     * Failures in a row from which the bot is called crash-looping: the first failure after a stable run restarts at
     * once, the second waits the backoff base, and a third in a row means it cannot stay up. The one definition used
     * by the status file, the metrics and the events.
     */
    static final int CRASH_LOOP_FAILURES = 3;

    static final Lifecycle STOPPED = new Lifecycle(BotState.STOPPED, 0, null);

    /** What follows a stop once the tree is gone. */
    enum Then { STAY_STOPPED, START_AGAIN, WAIT_FOR_FIX }

    /**
     * Why the bot is being stopped and what follows.
     *
     * @param reason null for a deliberate stop
     * @param exit the exit code when the main process exited on its own with a known code
     */
    record StopIntent(RestartReason reason, String detail, Then then, java.util.OptionalInt exit) {
        StopIntent(RestartReason reason, String detail, Then then) {
            this(reason, detail, then, java.util.OptionalInt.empty());
        }

        StopIntent then(Then next) {
            return new StopIntent(reason, detail, next, exit);
        }
    }

    boolean crashLooping() {
        return failuresInRow >= CRASH_LOOP_FAILURES;
    }

    boolean alive() {
        return state == BotState.STARTING || state == BotState.RUNNING;
    }

    Lifecycle in(BotState next) {
        return new Lifecycle(next, failuresInRow, next == BotState.STOPPING ? stop : null);
    }

    Lifecycle stopping(StopIntent intent) {
        return new Lifecycle(BotState.STOPPING, failuresInRow, intent);
    }

    Lifecycle withFailures(int failures) {
        return new Lifecycle(state, failures, stop);
    }
}
