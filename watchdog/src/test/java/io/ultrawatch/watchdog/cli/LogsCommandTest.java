package io.ultrawatch.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ultrawatch logs} from the files alone: the config names the log folder and the bots. */
class LogsCommandTest {
    @TempDir
    Path dir;
    private Path config;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void aConfigAndALog() throws Exception {
        config = dir.resolve("watchdog.yml");
        Files.writeString(config, "bots:\n  - name: alpha\n    command: [/bin/true]\n    health: {type: none}\n"
                + "  - name: beta\n    command: [/bin/true]\n    health: {type: none}\n");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 80; i++) {
            b.append("2026-11-23T" + java.time.LocalTime.of(6, 0).plusMinutes(i) + ":00.000Z alpha says " + i + "\n");
        }
        Files.writeString(logs.resolve("alpha.out.log"), b);
    }

    private int run(String... args) {
        LogsCommand command = new LogsCommand();
        command.clock = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
        CommandLine sub = new CommandLine(command);
        sub.setOut(new PrintWriter(out, true));
        sub.setErr(new PrintWriter(err, true));
        sub.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        return sub.execute(args);
    }

    @Test
    void printsTheLastFiftyLinesByDefault() {
        assertThat(run("-c", config.toString(), "alpha")).isEqualTo(0);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(50);
        assertThat(lines[49]).endsWith("alpha says 80");
    }

    @Test
    void minusNAndSince() {
        assertThat(run("-c", config.toString(), "-n", "2", "alpha")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("2026-11-23T07:19:00.000Z alpha says 79\n"
                + "2026-11-23T07:20:00.000Z alpha says 80\n");
        out.getBuffer().setLength(0);
        // 07:18 and later: lines 78, 79, 80.
        assertThat(run("-c", config.toString(), "--since", "42m", "alpha")).isEqualTo(0);
        assertThat(out.toString().split("\n")).hasSize(3);
    }

    @Test
    void anUnknownBotFailsWithTheListOfBots() {
        assertThat(run("-c", config.toString(), "gamma")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("Unknown bot 'gamma'. Known bots: alpha, beta");
    }

    @Test
    void aConfiguredBotWithoutOutputYetIsNotAnError() {
        assertThat(run("-c", config.toString(), "beta")).isEqualTo(0);
        assertThat(err.toString()).contains("No output yet").contains("beta.out.log");
    }

    @Test
    void aBadSinceIsAUsageError() {
        assertThat(run("-c", config.toString(), "--since", "yesterday", "alpha")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--since must be").contains("'yesterday'");
    }

    @Test
    void helpSaysHowSinceDecides() {
        String help = Main.commandLine().getSubcommands().get("logs").getUsageMessage();
        assertThat(help).contains("modification time").contains("Exit codes:");
    }
}
