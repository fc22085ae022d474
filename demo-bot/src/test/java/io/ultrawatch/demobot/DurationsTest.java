package io.ultrawatch.demobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "500ms, 500",
        "2s, 2000",
        "5m, 300000",
        "1h, 3600000",
        "10, 10000",
        "1.5, 1500",
        "0.25s, 250",
        "' 2S ', 2000",
        "0, 0",
    })
    void readsTheFormsPeopleType(String text, long millis) {
        assertThat(Durations.parse("--heartbeat-max-age", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"", "abc", "-1", "5 s", "1d", "2sec", "1.", ".5", "ms"})
    void rejectsAnythingElseNamingFieldFormsAndValue(String text) {
        assertThatThrownBy(() -> Durations.parse("--heartbeat-max-age", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--heartbeat-max-age must be a duration like 500ms, 2s, 5m or a bare number of seconds,"
                        + " but was '" + text + "'");
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @CsvSource({"500, 500ms", "2000, 2s", "1500, 1500ms", "300000, 5m", "0, 0s"})
    void formatsTheShortestFormParseReadsBack(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse("x", text)).isEqualTo(Duration.ofMillis(millis));
    }
}
