package io.ultrawatch.watchdog.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start budget as a pure function: a sliding window, counted from the starts alone. */
class StartBudgetTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private final StartBudget budget = new StartBudget(3, Duration.ofHours(1));

    private static List<Instant> at(long... minutes) {
        List<Instant> starts = new ArrayList<>();
        for (long m : minutes) {
            starts.add(T0.plus(Duration.ofMinutes(m)));
        }
        return starts;
    }

    @Test
    void startsBelowTheBudgetAreAllowed() {
        assertThat(budget.spentUntil(at(0, 10), T0.plus(Duration.ofMinutes(20)))).isEmpty();
    }

    @Test
    void atTheBudgetTheNextStartWaitsForTheOldestToLeaveTheWindow() {
        assertThat(budget.spentUntil(at(0, 10, 20), T0.plus(Duration.ofMinutes(30))))
                .contains(T0.plus(Duration.ofMinutes(60)));
    }

    @Test
    void startsOlderThanTheWindowDoNotCount() {
        List<Instant> starts = at(0, 10, 20);
        assertThat(budget.inWindow(starts, T0.plus(Duration.ofMinutes(60)))).hasSize(2);
        assertThat(budget.spentUntil(starts, T0.plus(Duration.ofMinutes(60)))).isEmpty();
    }

    @Test
    void overTheBudgetAfterAPersonsStartsTheWaitIsForTheStartThatBringsItBelow() {
        // A person's starts are not refused, so the record can hold more than the budget.
        assertThat(budget.spentUntil(at(0, 10, 20, 30, 40), T0.plus(Duration.ofMinutes(45))))
                .contains(T0.plus(Duration.ofMinutes(80)));
    }

    @Test
    void theRecordKeepsOnlyWhatTheBudgetNeedsInOrder() {
        List<Instant> kept = budget.record(at(20, 0, 10, 30), T0.plus(Duration.ofMinutes(40)));
        assertThat(kept).containsExactly(T0.plus(Duration.ofMinutes(20)), T0.plus(Duration.ofMinutes(30)),
                T0.plus(Duration.ofMinutes(40)));
    }

    @Test
    void aStartFromTheFutureAfterAClockStepBackDoesNotCount() {
        assertThat(budget.inWindow(at(0, 90), T0.plus(Duration.ofMinutes(30)))).hasSize(1);
    }
}
