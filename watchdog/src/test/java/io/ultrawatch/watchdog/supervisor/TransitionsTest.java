package io.ultrawatch.watchdog.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.supervisor.Lifecycle.StopIntent;
import io.ultrawatch.watchdog.supervisor.Lifecycle.Then;
import io.ultrawatch.watchdog.supervisor.Transitions.Step;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state machine as a table: every state × every input, with the next state and the effects asked for. {@code !}
 * marks a pair that cannot happen (ignored, with a note for the log, never thrown); {@code -} a pair that needs
 * nothing. A new state or input fails {@link #theTableCoversEveryStateAndEveryInput} until it has its rows.
 */
class TransitionsTest {
    /** state, input, next state, effects (or ! / -). */
    private static final String TABLE = """
            STOPPED         Start             STARTING Launch
            STOPPED         Adopt             STARTING TakeOver
            STOPPED         LaunchFailed      !
            STOPPED         Healthy           !
            STOPPED         CheckFailed       !
            STOPPED         RestartRequested  STARTING Launch
            STOPPED         FlagSeen          -
            STOPPED         ScheduleDue       !
            STOPPED         LaunchChanged     -
            STOPPED         Stop              -
            STOPPED         Exited            !
            STOPPED         TreeGone          !
            STOPPED         BackoffElapsed    !
            STOPPED         StableElapsed     !
            STOPPED         BudgetSpent       !
            STOPPED         BudgetFreed       !
            STOPPED         InputsChanged     -
            STARTING        Start             -
            STARTING        Adopt             !
            STARTING        LaunchFailed      BACKOFF ReportLaunchFailure WaitBackoff
            STARTING        Healthy           RUNNING BeginRunning
            STARTING        CheckFailed       STOPPING StopWatching CountRestart BeginStop
            STARTING        RestartRequested  STOPPING StopWatching CountRestart BeginStop
            STARTING        FlagSeen          STOPPING StopWatching CountRestart BeginStop
            STARTING        ScheduleDue       !
            STARTING        LaunchChanged     STOPPING StopWatching CountRestart BeginStop
            STARTING        Stop              STOPPING StopWatching BeginStop
            STARTING        Exited            STOPPING StopWatching CountRestart BeginStop
            STARTING        TreeGone          !
            STARTING        BackoffElapsed    !
            STARTING        StableElapsed     !
            STARTING        BudgetSpent       HELD Hold
            STARTING        BudgetFreed       !
            STARTING        InputsChanged     -
            RUNNING         Start             -
            RUNNING         Adopt             !
            RUNNING         LaunchFailed      !
            RUNNING         Healthy           -
            RUNNING         CheckFailed       STOPPING StopWatching CountRestart BeginStop
            RUNNING         RestartRequested  STOPPING StopWatching CountRestart BeginStop
            RUNNING         FlagSeen          STOPPING StopWatching CountRestart BeginStop
            RUNNING         ScheduleDue       STOPPING StopWatching CountRestart BeginStop
            RUNNING         LaunchChanged     STOPPING StopWatching CountRestart BeginStop
            RUNNING         Stop              STOPPING StopWatching BeginStop
            RUNNING         Exited            STOPPING StopWatching CountRestart BeginStop
            RUNNING         TreeGone          !
            RUNNING         BackoffElapsed    !
            RUNNING         StableElapsed     RUNNING Forgive
            RUNNING         BudgetSpent       !
            RUNNING         BudgetFreed       !
            RUNNING         InputsChanged     -
            STOPPING        Start             -
            STOPPING        Adopt             !
            STOPPING        LaunchFailed      !
            STOPPING        Healthy           !
            STOPPING        CheckFailed       !
            STOPPING        RestartRequested  STOPPING
            STOPPING        FlagSeen          -
            STOPPING        ScheduleDue       !
            STOPPING        LaunchChanged     -
            STOPPING        Stop              STOPPING
            STOPPING        Exited            STOPPING MainExited
            STOPPING        TreeGone          STARTING Launch
            STOPPING        BackoffElapsed    !
            STOPPING        StableElapsed     !
            STOPPING        BudgetSpent       !
            STOPPING        BudgetFreed       !
            STOPPING        InputsChanged     -
            BACKOFF         Start             STARTING CancelBackoff Launch
            BACKOFF         Adopt             !
            BACKOFF         LaunchFailed      !
            BACKOFF         Healthy           !
            BACKOFF         CheckFailed       !
            BACKOFF         RestartRequested  STARTING CancelBackoff CountRestart Launch
            BACKOFF         FlagSeen          STARTING CancelBackoff CountRestart Launch
            BACKOFF         ScheduleDue       !
            BACKOFF         LaunchChanged     -
            BACKOFF         Stop              STOPPED CancelBackoff Finish
            BACKOFF         Exited            !
            BACKOFF         TreeGone          !
            BACKOFF         BackoffElapsed    STARTING Launch
            BACKOFF         StableElapsed     !
            BACKOFF         BudgetSpent       !
            BACKOFF         BudgetFreed       !
            BACKOFF         InputsChanged     -
            HELD            Start             STARTING CancelWait Launch
            HELD            Adopt             !
            HELD            LaunchFailed      !
            HELD            Healthy           !
            HELD            CheckFailed       !
            HELD            RestartRequested  STARTING CancelWait CountRestart Launch
            HELD            FlagSeen          -
            HELD            ScheduleDue       !
            HELD            LaunchChanged     -
            HELD            Stop              STOPPED CancelWait Finish
            HELD            Exited            !
            HELD            TreeGone          !
            HELD            BackoffElapsed    !
            HELD            StableElapsed     !
            HELD            BudgetSpent       !
            HELD            BudgetFreed       STARTING CancelWait Launch
            HELD            InputsChanged     -
            WAITING_FOR_FIX Start             STARTING CancelWait Launch
            WAITING_FOR_FIX Adopt             !
            WAITING_FOR_FIX LaunchFailed      !
            WAITING_FOR_FIX Healthy           !
            WAITING_FOR_FIX CheckFailed       !
            WAITING_FOR_FIX RestartRequested  STARTING CancelWait CountRestart Launch
            WAITING_FOR_FIX FlagSeen          -
            WAITING_FOR_FIX ScheduleDue       !
            WAITING_FOR_FIX LaunchChanged     STARTING CancelWait Launch
            WAITING_FOR_FIX Stop              STOPPED CancelWait Finish
            WAITING_FOR_FIX Exited            !
            WAITING_FOR_FIX TreeGone          !
            WAITING_FOR_FIX BackoffElapsed    !
            WAITING_FOR_FIX StableElapsed     !
            WAITING_FOR_FIX BudgetSpent       !
            WAITING_FOR_FIX BudgetFreed       !
            WAITING_FOR_FIX InputsChanged     STARTING CancelWait Launch
            """;

    /** One input of each kind. */
    private static final Map<String, Input> INPUTS = Map.ofEntries(
            Map.entry("Start", new Input.Start(true)),
            Map.entry("Adopt", new Input.Adopt(null)),
            Map.entry("LaunchFailed", new Input.LaunchFailed("no such folder")),
            Map.entry("Healthy", new Input.Healthy()),
            Map.entry("CheckFailed", new Input.CheckFailed(RestartReason.HEALTH_CHECK_FAILED, "3 failed probes")),
            Map.entry("RestartRequested", new Input.RestartRequested(RestartReason.REQUESTED, "dashboard", true)),
            Map.entry("FlagSeen", new Input.FlagSeen("restart flag file .flag")),
            Map.entry("ScheduleDue", new Input.ScheduleDue("proactive restart every 1h")),
            Map.entry("LaunchChanged", new Input.LaunchChanged()),
            Map.entry("Stop", new Input.Stop()),
            Map.entry("Exited", new Input.Exited(OptionalInt.of(1), null, false)),
            Map.entry("TreeGone", new Input.TreeGone()),
            Map.entry("BackoffElapsed", new Input.BackoffElapsed()),
            Map.entry("StableElapsed", new Input.StableElapsed()),
            Map.entry("BudgetSpent", new Input.BudgetSpent(Instant.parse("2026-12-02T08:00:00Z"), 200)),
            Map.entry("BudgetFreed", new Input.BudgetFreed()),
            Map.entry("InputsChanged", new Input.InputsChanged("secrets.env")));

    /** The bot in each state: stopping for a crash (to start again), no failures before it. */
    private static Lifecycle in(BotState state) {
        return state == BotState.STOPPING
                ? Lifecycle.STOPPED.stopping(new StopIntent(RestartReason.EXITED, "exit code 1", Then.START_AGAIN))
                : Lifecycle.STOPPED.in(state);
    }

    static Stream<Arguments> rows() {
        return TABLE.lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> {
            String[] f = l.split("\\s+");
            return Arguments.of(f[0], f[1], f[2], List.of(Arrays.copyOfRange(f, Math.min(3, f.length), f.length)));
        });
    }

    @ParameterizedTest(name = "{0} + {1} -> {2} {3}")
    @MethodSource("rows")
    void everyStateAndInputHasItsDecision(String state, String input, String next, List<String> effects) {
        Lifecycle before = in(BotState.valueOf(state));
        Step step = Transitions.next(before, INPUTS.get(input));
        List<String> asked = step.effects().stream().map(e -> e.getClass().getSimpleName()).toList();
        switch (next) {
            case "!" -> {
                assertThat(step.impossible()).as("a note for the log").contains(input).contains(state);
                assertThat(step.next()).isEqualTo(before);
                assertThat(asked).isEmpty();
            }
            case "-" -> {
                assertThat(step.impossible()).isNull();
                assertThat(step.next()).isEqualTo(before);
                assertThat(asked).isEmpty();
            }
            default -> {
                assertThat(step.impossible()).isNull();
                assertThat(step.next().state()).isEqualTo(BotState.valueOf(next));
                assertThat(asked).isEqualTo(effects);
            }
        }
    }

    @Test
    void theTableCoversEveryStateAndEveryInput() {
        Set<String> pairs = new HashSet<>();
        rows().forEach(a -> pairs.add(a.get()[0] + " " + a.get()[1]));
        assertThat(INPUTS.keySet()).containsExactlyInAnyOrderElementsOf(Arrays.stream(Input.class
                .getPermittedSubclasses()).map(Class::getSimpleName).toList());
        for (BotState s : BotState.values()) {
            for (String i : INPUTS.keySet()) {
                assertThat(pairs).as("row for %s + %s", s, i).contains(s + " " + i);
            }
        }
        assertThat(pairs).hasSize(BotState.values().length * INPUTS.size());
    }

    @Test
    void theFirstFailureAfterAStableRunStartsAtOnceTheSecondWaitsTheBackoff() {
        Lifecycle stopping = in(BotState.STOPPING);
        Step first = Transitions.next(stopping, new Input.TreeGone());
        assertThat(first.next()).isEqualTo(new Lifecycle(BotState.STARTING, 1, null));

        Step second = Transitions.next(stopping.withFailures(1), new Input.TreeGone());
        assertThat(second.next()).isEqualTo(new Lifecycle(BotState.BACKOFF, 2, null));
        assertThat(second.effects()).containsExactly(new Effect.WaitBackoff(2));
    }

    @Test
    void aRestartThatIsNotAFailureNeitherWaitsNorCounts() {
        Lifecycle stopping = in(BotState.STOPPING).withFailures(5)
                .stopping(new StopIntent(RestartReason.REQUESTED, "dashboard", Then.START_AGAIN));
        Step step = Transitions.next(stopping, new Input.TreeGone());
        assertThat(step.next()).isEqualTo(new Lifecycle(BotState.STARTING, 5, null));
        assertThat(step.effects()).containsExactly(Effect.Launch.automatic());
    }

    @Test
    void aStopDuringARestartEndsStoppedAndARestartDuringAStopStartsAgain() {
        Lifecycle restarting = in(BotState.STOPPING);
        Lifecycle stopping = Transitions.next(restarting, new Input.Stop()).next();
        assertThat(Transitions.next(stopping, new Input.TreeGone()).effects()).containsExactly(new Effect.Finish());

        Lifecycle again = Transitions.next(stopping, new Input.RestartRequested(RestartReason.REQUESTED, "cli", true)).next();
        assertThat(Transitions.next(again, new Input.TreeGone()).next().state()).isEqualTo(BotState.STARTING);
    }

    @Test
    void aStartThatFailsWaitsAtLeastTheBackoffBase() {
        Step step = Transitions.next(in(BotState.STARTING), new Input.LaunchFailed("no such folder"));
        assertThat(step.effects()).containsExactly(new Effect.ReportLaunchFailure("no such folder"),
                new Effect.WaitBackoff(2));
        assertThat(step.next().failuresInRow()).isEqualTo(1);
    }

    @Test
    void anExitAfterTheFlagFileWasWrittenIsARequestedRestart() {
        Step step = Transitions.next(in(BotState.RUNNING), new Input.Exited(OptionalInt.of(0), "restart flag file .f", false));
        assertThat(step.effects()).contains(new Effect.CountRestart(RestartReason.REQUESTED,
                "restart flag file .f (bot exit code 0)", null));
        assertThat(step.next().stop().reason()).isEqualTo(RestartReason.REQUESTED);
    }

    @Test
    void aDeathBySignalNamesTheSignal() {
        Step step = Transitions.next(in(BotState.RUNNING), new Input.Exited(OptionalInt.of(137), null, false));
        assertThat(step.next().stop().detail()).isEqualTo("exit code 137 (SIGKILL)");
    }

    @Test
    void onlyAPersonLiftsAHoldOrEndsAWaitForAFix() {
        for (BotState waiting : List.of(BotState.HELD, BotState.WAITING_FOR_FIX)) {
            Lifecycle l = in(waiting);
            assertThat(Transitions.next(l, new Input.Start(false)).next()).as("the watchdog's start in %s", waiting)
                    .isEqualTo(l);
            assertThat(Transitions.next(l, new Input.RestartRequested(RestartReason.REQUESTED, "reload", false))
                    .next()).isEqualTo(l);
            Step byPerson = Transitions.next(l, new Input.Start(true));
            assertThat(byPerson.next().state()).isEqualTo(BotState.STARTING);
            assertThat(byPerson.effects()).containsExactly(new Effect.CancelWait(), new Effect.Launch(false, true));
        }
    }

    @Test
    void anExitCodeThatNeedsAFixWaitsInsteadOfRestarting() {
        Step exit = Transitions.next(in(BotState.RUNNING), new Input.Exited(OptionalInt.of(78), null, true));
        assertThat(exit.effects()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("StopWatching", "BeginStop");
        Step gone = Transitions.next(exit.next(), new Input.TreeGone());
        assertThat(gone.next().state()).isEqualTo(BotState.WAITING_FOR_FIX);
        assertThat(gone.effects()).containsExactly(new Effect.WaitForFix(OptionalInt.of(78)));
        assertThat(gone.next().failuresInRow()).as("waiting is not a failure that grows the backoff").isZero();
    }

    @Test
    void aRecoveryAfterFailuresIsAnnounced() {
        Step step = Transitions.next(in(BotState.STARTING).withFailures(2), new Input.Healthy());
        assertThat(step.effects()).containsExactly(new Effect.BeginRunning(2));
    }

    @Test
    void threeFailuresInARowAreCrashLooping() {
        assertThat(Lifecycle.STOPPED.withFailures(2).crashLooping()).isFalse();
        assertThat(Lifecycle.STOPPED.withFailures(3).crashLooping()).isTrue();
    }

    @Test
    void aStableRunForgivesTheFailures() {
        Step step = Transitions.next(in(BotState.RUNNING).withFailures(4), new Input.StableElapsed());
        assertThat(step.next().failuresInRow()).isZero();
        assertThat(step.next().crashLooping()).isFalse();
    }
}
