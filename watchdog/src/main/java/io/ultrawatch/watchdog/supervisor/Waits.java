package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.policy.Backoff;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What a bot without a process waits for before its next start: the backoff delay (BACKOFF), the start budget's
 * window (HELD), or a change of its inputs (WAITING_FOR_FIX). Each ends with an input to the state machine; each
 * can be called off by a person's start or a stop. On the supervisor's actor only.
 */
final class Waits {
    private final Supplier<BotConfig> config;
    private final Scheduler time;
    private final Executor actor;
    private final DoubleSupplier random;
    private final BotStats stats;
    private final Announcer say;
    private final Sink sink;
    private final FixWatch fix;
    private Cancellable backoffTimer = Cancellable.NONE;
    private Cancellable holdTimer = Cancellable.NONE;

    Waits(Supplier<BotConfig> config, Scheduler time, Executor actor, DoubleSupplier random, BotStats stats,
          Announcer say, Sink sink) {
        this.config = config;
        this.time = time;
        this.actor = actor;
        this.random = random;
        this.stats = stats;
        this.say = say;
        this.sink = sink;
        this.fix = new FixWatch(config, time, actor, sink);
    }

    /** Waits the backoff for {@code failuresForDelay} (jitter from the supervisor's randomness), then starts. */
    /** Carries out a wait's effect; false when {@code effect} is not about a wait. */
    boolean carryOut(Effect effect, Lifecycle lifecycle) {
        if (effect instanceof Effect.WaitBackoff w) {
            backoff(w.failuresInRow(), lifecycle);
        } else if (effect instanceof Effect.CancelBackoff) {
            cancelBackoff();
        } else if (effect instanceof Effect.Hold h) {
            hold(h.until(), h.starts());
        } else if (effect instanceof Effect.WaitForFix w) {
            waitForFix(w.code());
        } else if (effect instanceof Effect.CancelWait) {
            cancelWait();
        } else {
            return false;
        }
        return true;
    }

    void backoff(int failuresForDelay, Lifecycle lifecycle) {
        Duration delay = Backoff.of(config.get().restart()).delayFor(failuresForDelay, random);
        stats.backoff(delay, time.clock().instant().plus(delay));
        if (lifecycle.failuresInRow() == Lifecycle.CRASH_LOOP_FAILURES) {
            say.crashLooping(lifecycle.failuresInRow());
        }
        say.backoff(delay, lifecycle.failuresInRow(), lifecycle.crashLooping());
        backoffTimer = later(delay, () -> sink.input(new Input.BackoffElapsed()));
    }

    void cancelBackoff() {
        backoffTimer.cancel();
        stats.backoffOver();
    }

    /** Holds the bot until the budget's window frees a start (a wall-clock instant, turned into a delay once). */
    void hold(Instant until, int starts) {
        stats.held(until);
        say.held(until, starts, config.get().restart());
        Duration wait = Duration.between(time.clock().instant(), until);
        holdTimer = later(wait.isNegative() ? Duration.ZERO : wait, () -> sink.input(new Input.BudgetFreed()));
    }

    void waitForFix(OptionalInt code) {
        fix.start();
        say.waitingForFix(code, fix.watched());
    }

    /** Calls off a hold or a wait for a fix. */
    void cancelWait() {
        holdTimer.cancel();
        fix.cancel();
        stats.held(null);
    }

    void cancelAll() {
        cancelBackoff();
        cancelWait();
    }

    /** Runs {@code task} on the actor after {@code delay}, with no slack (a start is not a periodic task). */
    private Cancellable later(Duration delay, Runnable task) {
        return time.schedule(() -> actor.execute(task), delay);
    }
}
