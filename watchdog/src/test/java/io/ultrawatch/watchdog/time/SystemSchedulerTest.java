package io.ultrawatch.watchdog.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SystemSchedulerTest {
    private static final long GRID = SystemScheduler.TIMER_GRID.toNanos();

    @Test
    void delaysEndOnTheGridNeverEarlyAndAtMostOneGridLate() {
        for (long now : new long[] {0, 1, GRID - 1, 123_456_789_012L, -987_654_321L, Long.MAX_VALUE / 4}) {
            for (long delay : new long[] {1, GRID / 2, GRID, GRID + 1, 1_000_000_000L, 5_000_000_001L}) {
                long d = SystemScheduler.coalesced(now, delay, GRID);
                assertThat(d).as("now %d delay %d", now, delay).isBetween(delay, delay + GRID - 1);
                assertThat(Math.floorMod(now + d, GRID)).as("on the grid").isZero();
            }
        }
    }

    @Test
    void twoTimersDueWithinOneGridFireTogether() {
        long now = 40 * GRID + 3;
        assertThat(now + SystemScheduler.coalesced(now, GRID / 3, GRID))
                .isEqualTo(now + 2 + SystemScheduler.coalesced(now + 2, GRID / 3 + 1, GRID));
    }

    @Test
    void aZeroOrNegativeDelayRunsAtOnce() {
        assertThat(SystemScheduler.coalesced(17, 0, GRID)).isZero();
        assertThat(SystemScheduler.coalesced(17, -5, 100 * GRID)).isZero();
    }

    @Test
    void aSlackWiderThanTheGridGathersTimersOfDifferentPhasesOnItsMultiples() {
        long slack = 10 * GRID;
        long[] fires = new long[3];
        long[] phases = {1, 3 * GRID + 7, 9 * GRID};
        for (int i = 0; i < phases.length; i++) {
            long now = 1_000 * GRID + phases[i];
            long d = SystemScheduler.coalesced(now, 100 * GRID, slack);
            assertThat(d).isBetween(100 * GRID, 100 * GRID + slack - 1);
            fires[i] = now + d;
        }
        assertThat(fires).containsOnly(fires[0]);
        assertThat(Math.floorMod(fires[0], slack)).isZero();
    }

    @Test
    void aScheduledTaskRunsAndACancelledOneDoesNot() throws InterruptedException {
        try (SystemScheduler time = new SystemScheduler(2, "test-loop")) {
            CountDownLatch ran = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            time.schedule(cancelled::countDown, Duration.ofMillis(50)).cancel();
            time.schedule(ran::countDown, Duration.ofMillis(20));
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelled.await(200, TimeUnit.MILLISECONDS)).isFalse();
        }
    }
}
