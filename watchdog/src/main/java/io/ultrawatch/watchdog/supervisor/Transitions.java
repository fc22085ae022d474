package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.policy.Backoff;
import io.ultrawatch.watchdog.supervisor.Effect.BeginRunning;
import io.ultrawatch.watchdog.supervisor.Effect.BeginStop;
import io.ultrawatch.watchdog.supervisor.Effect.CancelBackoff;
import io.ultrawatch.watchdog.supervisor.Effect.CancelWait;
import io.ultrawatch.watchdog.supervisor.Effect.CountRestart;
import io.ultrawatch.watchdog.supervisor.Effect.Finish;
import io.ultrawatch.watchdog.supervisor.Effect.Forgive;
import io.ultrawatch.watchdog.supervisor.Effect.Hold;
import io.ultrawatch.watchdog.supervisor.Effect.Launch;
import io.ultrawatch.watchdog.supervisor.Effect.MainExited;
import io.ultrawatch.watchdog.supervisor.Effect.ReportLaunchFailure;
import io.ultrawatch.watchdog.supervisor.Effect.StopWatching;
import io.ultrawatch.watchdog.supervisor.Effect.TakeOver;
import io.ultrawatch.watchdog.supervisor.Effect.WaitBackoff;
import io.ultrawatch.watchdog.supervisor.Effect.WaitForFix;
import io.ultrawatch.watchdog.supervisor.Lifecycle.StopIntent;
import io.ultrawatch.watchdog.supervisor.Lifecycle.Then;
import java.util.List;

/**
 * The supervisor's state machine as one pure function: {@code (lifecycle, input) → (lifecycle, effects)}, no I/O, no
 * clock, no randomness (the shell turns {@link Effect.WaitBackoff} into a delay). Each input has one method whose
 * switch covers every {@link BotState} without a default, so a new state does not compile until every input has a
 * decision for it: a row here and a row in {@code TransitionsTest}, nothing else in the supervisor.
 *
 * <pre>
 * STOPPED ─start─&gt; STARTING ─healthy─&gt; RUNNING ─check failed / exit / request─&gt; STOPPING ─tree gone─&gt; BACKOFF ─delay─&gt; STARTING
 *                     │  └─ startup timeout, exit ───────────────────────────────^  │  └─ first failure, or not a failure ─&gt; STARTING
 *                     └─ start budget used up ─&gt; HELD ─window frees a start, or a person─&gt; STARTING
 *                                            exit code needs a fix ─&gt; WAITING_FOR_FIX ─inputs changed, or a person─&gt; STARTING
 * </pre>
 *
 * <p>Three guards keep a failing bot from being started too often, cheapest first: the backoff (grows with failures
 * in a row), the start budget (every start counts, in a window that survives watchdog restarts: HELD), and the wait
 * for a fix (no start at all until something changed: WAITING_FOR_FIX).
 *
 * <p>A pair that cannot happen (a healthy answer while STOPPED: the shell drops answers about replaced processes) is
 * returned as {@link Step#ignored}, never thrown: the shell logs it and the bot stays where it is. A pair that can
 * happen and needs nothing (a stop while STOPPED) is a {@link Step#stay} without a note.
 */
final class Transitions {
    private Transitions() {
    }

    /**
     * The outcome of one input.
     *
     * @param impossible why the pair cannot happen, or null
     */
    record Step(Lifecycle next, List<Effect> effects, String impossible) {
        static Step to(Lifecycle next, Effect... effects) {
            return new Step(next, List.of(effects), null);
        }

        static Step stay(Lifecycle current) {
            return new Step(current, List.of(), null);
        }

        static Step ignored(Lifecycle current, Input input) {
            return new Step(current, List.of(), input.getClass().getSimpleName() + " cannot happen in "
                    + current.state());
        }
    }

    static Step next(Lifecycle l, Input input) {
        if (input instanceof Input.Start st) {
            return start(l, st.byPerson());
        } else if (input instanceof Input.Adopt a) {
            return l.state() == BotState.STOPPED ? Step.to(l.in(BotState.STARTING), new TakeOver(a.process()))
                    : Step.ignored(l, input);
        } else if (input instanceof Input.LaunchFailed f) {
            return launchFailed(l, f);
        } else if (input instanceof Input.BudgetSpent b) {
            return l.state() == BotState.STARTING ? Step.to(l.in(BotState.HELD), new Hold(b.until(), b.starts()))
                    : Step.ignored(l, input);
        } else if (input instanceof Input.Healthy) {
            return healthy(l, input);
        } else if (input instanceof Input.CheckFailed f) {
            return l.alive() ? stopForRestart(l, f.reason(), f.detail()) : Step.ignored(l, input);
        } else if (input instanceof Input.RestartRequested r) {
            return restartRequested(l, r);
        } else if (input instanceof Input.FlagSeen f) {
            return flagSeen(l, f);
        } else if (input instanceof Input.ScheduleDue s) {
            return l.state() == BotState.RUNNING ? stopForRestart(l, RestartReason.SCHEDULED, s.detail())
                    : Step.ignored(l, input);
        } else if (input instanceof Input.LaunchChanged) {
            return launchChanged(l);
        } else if (input instanceof Input.InputsChanged) {
            return l.state() == BotState.WAITING_FOR_FIX
                    ? Step.to(l.in(BotState.STARTING), new CancelWait(), Launch.automatic()) : Step.stay(l);
        } else if (input instanceof Input.Stop) {
            return stop(l);
        } else if (input instanceof Input.Exited e) {
            return exited(l, e);
        } else if (input instanceof Input.TreeGone) {
            return treeGone(l, input);
        } else if (input instanceof Input.BackoffElapsed) {
            return l.state() == BotState.BACKOFF ? Step.to(l.in(BotState.STARTING), Launch.automatic())
                    : Step.ignored(l, input);
        } else if (input instanceof Input.BudgetFreed) {
            return l.state() == BotState.HELD
                    ? Step.to(l.in(BotState.STARTING), new CancelWait(), Launch.automatic())
                    : Step.ignored(l, input);
        } else if (input instanceof Input.StableElapsed) {
            return l.state() == BotState.RUNNING ? Step.to(l.withFailures(0), new Forgive()) : Step.ignored(l, input);
        }
        throw new IllegalArgumentException("unknown input " + input);
    }

    private static Step start(Lifecycle l, boolean byPerson) {
        return switch (l.state()) {
            case STOPPED -> Step.to(l.withFailures(0).in(BotState.STARTING), new Launch(true, byPerson));
            case BACKOFF -> Step.to(l.in(BotState.STARTING), new CancelBackoff(), new Launch(false, byPerson));
            // Only a person lifts a hold or ends a wait: the watchdog's own start-up must not undo them.
            case HELD, WAITING_FOR_FIX -> byPerson
                    ? Step.to(l.in(BotState.STARTING), new CancelWait(), new Launch(false, true)) : Step.stay(l);
            case STARTING, RUNNING, STOPPING -> Step.stay(l);
        };
    }

    private static Step launchFailed(Lifecycle l, Input.LaunchFailed f) {
        return switch (l.state()) {
            // No process ever ran, so even the first failure waits: at least the backoff base.
            case STARTING -> {
                int failures = l.failuresInRow() + 1;
                yield Step.to(l.withFailures(failures).in(BotState.BACKOFF),
                        new ReportLaunchFailure(f.error()), new WaitBackoff(Math.max(2, failures)));
            }
            case STOPPED, RUNNING, STOPPING, BACKOFF, HELD, WAITING_FOR_FIX -> Step.ignored(l, f);
        };
    }

    private static Step healthy(Lifecycle l, Input input) {
        return switch (l.state()) {
            case STARTING -> Step.to(l.in(BotState.RUNNING), new BeginRunning(l.failuresInRow()));
            case RUNNING -> Step.stay(l);
            case STOPPED, STOPPING, BACKOFF, HELD, WAITING_FOR_FIX -> Step.ignored(l, input);
        };
    }

    private static Step restartRequested(Lifecycle l, Input.RestartRequested r) {
        return switch (l.state()) {
            case STARTING, RUNNING -> stopForRestart(l, r.reason(), r.detail());
            case BACKOFF -> skipWait(l, new CancelBackoff(), r.reason(), r.detail(), r.byPerson());
            case HELD, WAITING_FOR_FIX -> r.byPerson()
                    ? skipWait(l, new CancelWait(), r.reason(), r.detail(), true) : Step.stay(l);
            case STOPPING -> Step.to(l.stopping(l.stop().then(Then.START_AGAIN)));
            case STOPPED -> start(l, r.byPerson());
        };
    }

    private static Step flagSeen(Lifecycle l, Input.FlagSeen f) {
        return switch (l.state()) {
            case STARTING, RUNNING -> stopForRestart(l, RestartReason.REQUESTED, f.detail());
            case BACKOFF -> skipWait(l, new CancelBackoff(), RestartReason.REQUESTED, f.detail(), false);
            // A stop in progress decides what follows; a stopped bot is not watched; a bot cannot lift its own hold.
            case STOPPING, STOPPED, HELD, WAITING_FOR_FIX -> Step.stay(l);
        };
    }

    private static Step launchChanged(Lifecycle l) {
        String detail = "launch settings changed (command, env, env file or working dir)";
        return switch (l.state()) {
            case STARTING, RUNNING -> stopForRestart(l, RestartReason.CONFIG_CHANGED, detail);
            // A changed launch is the fix a waiting bot waits for.
            case WAITING_FOR_FIX -> Step.to(l.in(BotState.STARTING), new CancelWait(), Launch.automatic());
            case STOPPED, STOPPING, BACKOFF, HELD -> Step.stay(l);
        };
    }

    private static Step stop(Lifecycle l) {
        return switch (l.state()) {
            case STARTING, RUNNING -> Step.to(l.stopping(new StopIntent(null, "stop requested", Then.STAY_STOPPED)),
                    new StopWatching(), BeginStop.ofRunning(null, "stop requested"));
            case STOPPING -> Step.to(l.stopping(l.stop().then(Then.STAY_STOPPED)));
            case BACKOFF -> Step.to(l.in(BotState.STOPPED), new CancelBackoff(), new Finish());
            case HELD, WAITING_FOR_FIX -> Step.to(l.in(BotState.STOPPED), new CancelWait(), new Finish());
            case STOPPED -> Step.stay(l);
        };
    }

    private static Step exited(Lifecycle l, Input.Exited e) {
        return switch (l.state()) {
            case STARTING, RUNNING -> {
                String how = e.code().isPresent() ? "exit code " + ExitStatus.describe(e.code().getAsInt()) : "exited";
                if (e.needsFix() && e.flag() == null) {
                    // Not a restart: nothing is started until something changed.
                    yield Step.to(l.stopping(new StopIntent(RestartReason.EXITED, how, Then.WAIT_FOR_FIX, e.code())),
                            new StopWatching(), new BeginStop(RestartReason.EXITED, how, true, e.code()));
                }
                RestartReason reason = e.flag() != null ? RestartReason.REQUESTED : RestartReason.EXITED;
                String detail = e.flag() != null ? e.flag() + " (bot " + how + ")" : how;
                yield stopForRestart(l, reason, detail, new BeginStop(reason, detail, true, e.code()));
            }
            case STOPPING -> Step.to(l, new MainExited(e.code()));
            case STOPPED, BACKOFF, HELD, WAITING_FOR_FIX -> Step.ignored(l, e);
        };
    }

    private static Step treeGone(Lifecycle l, Input input) {
        return switch (l.state()) {
            case STOPPING -> {
                StopIntent s = l.stop();
                if (s.then() == Then.STAY_STOPPED) {
                    yield Step.to(l.in(BotState.STOPPED), new Finish());
                }
                if (s.then() == Then.WAIT_FOR_FIX) {
                    yield Step.to(l.in(BotState.WAITING_FOR_FIX), new WaitForFix(s.exit()));
                }
                boolean failure = s.reason() != null && s.reason().isFailure();
                int failures = failure ? l.failuresInRow() + 1 : l.failuresInRow();
                Lifecycle counted = l.withFailures(failures);
                yield failure && Backoff.waits(failures)
                        ? Step.to(counted.in(BotState.BACKOFF), new WaitBackoff(failures))
                        : Step.to(counted.in(BotState.STARTING), Launch.automatic());
            }
            case STOPPED, STARTING, RUNNING, BACKOFF, HELD, WAITING_FOR_FIX -> Step.ignored(l, input);
        };
    }

    private static Step stopForRestart(Lifecycle l, RestartReason reason, String detail) {
        return stopForRestart(l, reason, detail, BeginStop.ofRunning(reason, detail));
    }

    private static Step stopForRestart(Lifecycle l, RestartReason reason, String detail, BeginStop stop) {
        return Step.to(l.stopping(new StopIntent(reason, detail, Then.START_AGAIN)), new StopWatching(),
                new CountRestart(reason, detail, null), stop);
    }

    /** A restart of a bot that waits (backoff, hold, fix): the wait is called off and a start follows at once. */
    private static Step skipWait(Lifecycle l, Effect cancel, RestartReason reason, String detail, boolean byPerson) {
        String skips = switch (l.state()) {
            case HELD -> "the hold";
            case WAITING_FOR_FIX -> "the wait for a fix";
            default -> "the backoff";
        };
        return Step.to(l.in(BotState.STARTING), cancel, new CountRestart(reason, detail, skips),
                new Launch(false, byPerson));
    }
}
