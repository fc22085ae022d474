package io.ultrawatch.demobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BotOptionsTest {

    @Test
    void defaultsWithAnEmptyEnvironment() {
        BotOptions options = BotOptions.parse(List.of(), Map.of());

        assertThat(options.port()).isEqualTo(5001);
        assertThat(options.heartbeatMaxAge()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.controlFile()).isEmpty();
        assertThat(options.restartFlagFile()).isEqualTo(Path.of(".discord_bot_restart"));
        assertThat(options.faults()).isEmpty();
        assertThat(options.name()).isEqualTo("demo");
        assertThat(options.slowBoot()).isZero();
    }

    @Test
    void environmentFillsWhatTheArgumentsLeaveOut() {
        Map<String, String> env = Map.of(
                "HEALTH_PORT", "6001",
                "DEMO_CONTROL_FILE", "/tmp/ctl",
                "RESTART_FLAG_FILE", "/tmp/flag",
                "DEMO_FAULTS", " leak:5 , ,crash@2s");

        BotOptions options = BotOptions.parse(List.of(), env);

        assertThat(options.port()).isEqualTo(6001);
        assertThat(options.controlFile()).contains(Path.of("/tmp/ctl"));
        assertThat(options.restartFlagFile()).isEqualTo(Path.of("/tmp/flag"));
        assertThat(options.faults()).extracting(FaultSpec::toString).containsExactly("leak:5", "crash@2s");
    }

    @Test
    void argumentsWinOverTheEnvironmentAndFaultsKeepTheirOrder() {
        Map<String, String> env = Map.of("HEALTH_PORT", "6001", "DEMO_CONTROL_FILE", "/tmp/env-ctl",
                "DEMO_FAULTS", "unhealthy");

        BotOptions options = BotOptions.parse(List.of(
                "--port", "0", "--heartbeat-max-age=500ms", "--control-file", "ctl", "--restart-flag-file", "flag",
                "--fault", "slow-boot:2", "--fault=hang-main@1s", "--fault", "slow-boot:3", "--name", "alpha"), env);

        assertThat(options.port()).isZero();
        assertThat(options.heartbeatMaxAge()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.controlFile()).contains(Path.of("ctl"));
        assertThat(options.restartFlagFile()).isEqualTo(Path.of("flag"));
        assertThat(options.faults()).extracting(FaultSpec::toString)
                .containsExactly("unhealthy", "slow-boot:2", "hang-main@1s", "slow-boot:3");
        assertThat(options.name()).isEqualTo("alpha");
        assertThat(options.slowBoot()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void emptyVariablesCountAsAbsent() {
        BotOptions options = BotOptions.parse(List.of(),
                Map.of("HEALTH_PORT", "", "DEMO_CONTROL_FILE", " ", "DEMO_FAULTS", ""));

        assertThat(options.port()).isEqualTo(5001);
        assertThat(options.controlFile()).isEmpty();
        assertThat(options.faults()).isEmpty();
    }

    @Test
    void badInputNamesTheOptionOrVariable() {
        assertThatThrownBy(() -> BotOptions.parse(List.of("--port", "http"), Map.of()))
                .hasMessage("--port must be an integer between 0 and 65535, but was 'http'");
        assertThatThrownBy(() -> BotOptions.parse(List.of(), Map.of("HEALTH_PORT", "70000")))
                .hasMessage("HEALTH_PORT must be an integer between 0 and 65535, but was '70000'");
        assertThatThrownBy(() -> BotOptions.parse(List.of("--heartbeat-max-age", "soon"), Map.of()))
                .hasMessageStartingWith("--heartbeat-max-age must be a duration like 500ms");
        assertThatThrownBy(() -> BotOptions.parse(List.of("--fault", "crash:x"), Map.of()))
                .hasMessage("--fault: crash exit code must be an integer between 0 and 255, but was 'x'");
        assertThatThrownBy(() -> BotOptions.parse(List.of(), Map.of("DEMO_FAULTS", "crash,boom")))
                .hasMessageStartingWith("DEMO_FAULTS: unknown fault 'boom' in 'boom'; known faults: crash,");
        assertThatThrownBy(() -> BotOptions.parse(List.of("--name", "two words"), Map.of()))
                .hasMessage("--name must be a non-empty word without spaces, but was 'two words'");
    }

    @Test
    void unknownOptionsAndMissingValuesAreRejected() {
        assertThatThrownBy(() -> BotOptions.parse(List.of("--prot", "5001"), Map.of()))
                .hasMessage("unknown option '--prot'; known options: --port, --heartbeat-max-age, --control-file,"
                        + " --reload-file, --restart-flag-file, --fault, --name");
        assertThatThrownBy(() -> BotOptions.parse(List.of("crash"), Map.of()))
                .hasMessageStartingWith("unexpected argument 'crash'; known options: --port,");
        assertThatThrownBy(() -> BotOptions.parse(List.of("--fault"), Map.of()))
                .hasMessage("--fault needs a value");
    }

    @Test
    void usageListsEveryOptionAndFault() {
        String usage = BotOptions.usage();

        assertThat(usage).contains("--port N", "--heartbeat-max-age D", "--control-file PATH",
                "--restart-flag-file PATH", "--fault SPEC", "--name NAME", "DEMO_FAULTS");
        for (Fault fault : Fault.values()) {
            assertThat(usage).contains("  " + fault.specName());
        }
    }
}
