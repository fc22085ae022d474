package io.ultrawatch.watchdog.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LivenessTest {
    @Test
    void theLimitIsFiveStatusIntervals() {
        assertThat(Liveness.hungAfter(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(25));
        assertThat(Liveness.hungAfter(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void butNeverLessThanThreeSecondsSoAFastIntervalDoesNotMistakeAGcPauseForAHang() {
        assertThat(Liveness.hungAfter(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(3));
        assertThat(Liveness.hungAfter(Duration.ofMillis(200))).isEqualTo(Duration.ofSeconds(3));
        assertThat(Liveness.hungAfter(Duration.ofMillis(600))).isEqualTo(Duration.ofSeconds(3));
        assertThat(Liveness.hungAfter(Duration.ofMillis(700))).isEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void hungOnlyWhenTheHeartbeatIsOlderThanTheLimit() {
        Duration limit = Duration.ofSeconds(25);
        assertThat(Liveness.isHung(Duration.ofSeconds(24), limit)).isFalse();
        assertThat(Liveness.isHung(limit, limit)).as("exactly at the limit: not yet (the shell's -gt)").isFalse();
        assertThat(Liveness.isHung(limit.plusMillis(1), limit)).isTrue();
        assertThat(Liveness.isHung(Duration.ofSeconds(-30), limit)).as("clock stepped back").isFalse();
    }
}
