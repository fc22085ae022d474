package io.ultrawatch.watchdog.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {
    // The default restart settings written out, not RestartConfig.DEFAULTS: the delays expected below are computed
    // from these numbers.
    private final Backoff defaults = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(300), 0.2);

    @ParameterizedTest(name = "failure {0} waits {1} ms")
    @CsvSource({
        "0, 0", "1, 0", "2, 2000", "3, 4000", "4, 8000", "5, 16000", "6, 32000", "7, 64000", "8, 128000",
        "9, 256000", "10, 300000", "11, 300000", "50, 300000", "1000, 300000"
    })
    void delayGrowsFromZeroToTheCapAndStaysThere(int failures, long expectedMs) {
        assertThat(defaults.nominalDelay(failures)).isEqualTo(Duration.ofMillis(expectedMs));
        assertThat(defaults.delayFor(failures, () -> 0.5)).isEqualTo(Duration.ofMillis(expectedMs));
    }

    @Test
    void jitterStaysWithinItsFraction() {
        assertThat(defaults.delayFor(3, () -> 0.0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(defaults.delayFor(3, () -> 0.999999)).isEqualTo(Duration.ofMillis(4800));
        assertThat(defaults.delayFor(100, () -> 0.0)).isEqualTo(Duration.ofMillis(240_000));
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 1000; i++) {
            long ms = defaults.delayFor(4, random::nextDouble).toMillis();
            assertThat(ms).isBetween(6400L, 9600L);
        }
    }

    @Test
    void factorOneKeepsTheBaseDelay() {
        Backoff flat = new Backoff(Duration.ofSeconds(5), 1.0, Duration.ofSeconds(60), 0);
        assertThat(flat.delayFor(2, () -> 0.9)).isEqualTo(Duration.ofSeconds(5));
        assertThat(flat.delayFor(40, () -> 0.9)).isEqualTo(Duration.ofSeconds(5));
    }
}
