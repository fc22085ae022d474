package io.ultrawatch.demobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "crash              | CRASH           |      | 0    | crash",
        "crash:3            | CRASH           | 3    | 0    | crash:3",
        "crash:3@5s         | CRASH           | 3    | 5000 | crash:3@5s",
        "crash@500ms        | CRASH           |      | 500  | crash@500ms",
        "hang-http          | HANG_HTTP       |      | 0    | hang-http",
        "hang-main@2        | HANG_MAIN       |      | 2000 | hang-main@2s",
        "leak               | LEAK            |      | 0    | leak",
        "leak:50@1m         | LEAK            | 50   | 60000| leak:50@1m",
        "slow-boot:5        | SLOW_BOOT       | 5    | 0    | slow-boot:5",
        "slow-boot:500ms    | SLOW_BOOT       | 500ms| 0    | slow-boot:500ms",
        "ignore-term        | IGNORE_TERM     |      | 0    | ignore-term",
        "spawn-child        | SPAWN_CHILD     |      | 0    | spawn-child",
        "request-restart@3s | REQUEST_RESTART |      | 3000 | request-restart@3s",
        "'  unhealthy  '    | UNHEALTHY       |      | 0    | unhealthy",
        "heal               | HEAL            |      | 0    | heal",
    })
    void parsesValidSpecsAndPrintsThemBack(String text, Fault fault, String arg, long delayMillis, String canonical) {
        FaultSpec spec = FaultSpec.parse(text);

        assertThat(spec.fault()).isEqualTo(fault);
        assertThat(spec.arg()).isEqualTo(arg);
        assertThat(spec.delay()).isEqualTo(Duration.ofMillis(delayMillis));
        assertThat(spec).hasToString(canonical);
        assertThat(FaultSpec.parse(spec.toString())).isEqualTo(spec);
    }

    @Test
    void typedArgumentsHaveTheDocumentedDefaults() {
        assertThat(FaultSpec.parse("crash").exitCode()).isEqualTo(1);
        assertThat(FaultSpec.parse("crash:0").exitCode()).isZero();
        assertThat(FaultSpec.parse("crash:255").exitCode()).isEqualTo(255);
        assertThat(FaultSpec.parse("leak").leakMbPerSecond()).isEqualTo(20);
        assertThat(FaultSpec.parse("leak:7").leakMbPerSecond()).isEqualTo(7);
        assertThat(FaultSpec.parse("slow-boot:5").bootDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(FaultSpec.parse("slow-boot:1.5").bootDelay()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void unknownFaultListsTheKnownOnes() {
        assertThatThrownBy(() -> FaultSpec.parse("explode:3@1s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fault 'explode' in 'explode:3@1s'; known faults: crash, hang-http, hang-main,"
                        + " leak, slow-boot, ignore-term, spawn-child, request-restart, unhealthy, heal");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "''               | fault spec is empty; expected NAME[:ARG][@DELAY], e.g. crash:3@5s",
        "'   '            | fault spec is empty; expected NAME[:ARG][@DELAY], e.g. crash:3@5s",
        "crash:x          | crash exit code must be an integer between 0 and 255, but was 'x'",
        "crash:256        | crash exit code must be an integer between 0 and 255, but was '256'",
        "crash:-1         | crash exit code must be an integer between 0 and 255, but was '-1'",
        "crash:           | fault spec 'crash:' has an empty argument after ':'",
        "leak:0           | leak rate must be a whole number of MB per second between 1 and 10000, but was '0'",
        "leak:1.5         | leak rate must be a whole number of MB per second between 1 and 10000, but was '1.5'",
        "slow-boot        | slow-boot needs a duration, e.g. slow-boot:5 (seconds) or slow-boot:500ms",
        "slow-boot:soon   | slow-boot must be a duration like 500ms, 2s, 5m or a bare number of seconds, but was 'soon'",
        "slow-boot:5@1s   | slow-boot cannot be delayed with @: it only applies at start",
        "hang-http:1      | hang-http takes no argument, but was given '1'",
        "heal:now         | heal takes no argument, but was given 'now'",
        "crash@           | delay in fault spec 'crash@' must be a duration like 500ms, 2s, 5m or a bare number of seconds, but was ''",
        "crash@-1s        | delay in fault spec 'crash@-1s' must be a duration like 500ms, 2s, 5m or a bare number of seconds, but was '-1s'",
        "crash@1s@2s      | fault spec 'crash@1s@2s' has more than one '@'",
    })
    void invalidSpecsSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> FaultSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
