package io.ultrawatch.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, 500",
            "2s, 2000",
            "1.5s, 1500",
            "5m, 300000",
            "1h, 3600000",
            "10, 10000",
            "1.5, 1500",
            "0, 0",
            "0.25ms, 0.25",
            "' 3 s ', 3000",
            "-1s, -1000",
            ".5s, 500",
    })
    void parsesUnitsAndBareSeconds(String text, double millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(Math.round(millis * 1_000_000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "", "5 minutes", "5M", "1h30m", "ms", "1e3s", "2d", "--1s"})
    void rejectsAnythingElseWithTheRuleAndTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be a duration like 500ms, 2s or 5m, but was '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999999h", "99999999999999999999"})
    void rejectsDurationsThatDoNotFitInNanoseconds(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0s",
            "500, 500ms",
            "2000, 2s",
            "1500, 1.5s",
            "90000, 90s",
            "300000, 5m",
            "5400000, 90m",
            "3600000, 1h",
            "7200000, 2h",
            "61250, 61.25s",
            "-2000, -2s",
    })
    void formatsTheShortestExactForm(long millis, String expected) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1_000_000, 1_500_000_000L, 60_000_000_000L, 3_600_000_000_001L,
            86_400_000_000_000L})
    void formatReadsBackExactly(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
}
