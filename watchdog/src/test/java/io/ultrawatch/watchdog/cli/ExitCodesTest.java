package io.ultrawatch.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ultrawatch.watchdog.process.WatchdogLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The exit-code table as picocli's execute() returns it, including what picocli decides itself. */
class ExitCodesTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine cli() {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    @Test
    void usageErrorsAreTwo() {
        assertThat(cli().execute("restart")).as("missing BOT").isEqualTo(ExitCodes.USAGE).isEqualTo(2);
        assertThat(cli().execute("status", "--no-such-option")).isEqualTo(2);
        assertThat(cli().execute("no-such-command")).isEqualTo(2);
        assertThat(cli().execute("events", "--limit", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'BOT'", "Unknown option: '--no-such-option'");
    }

    @Test
    void anInvalidConfigIsSeventyEight() throws Exception {
        Path file = Files.writeString(dir.resolve("watchdog.yml"), "bots:\n  - name: Demo Bot\n    command: []\n");
        assertThat(cli().execute("check-config", file.toString())).isEqualTo(ExitCodes.CONFIG_INVALID).isEqualTo(78);
        assertThat(cli().execute("run", "--config", file.toString())).isEqualTo(78);
    }

    @Test
    void runFindingTheLockHeldIsSeventyFive() throws Exception {
        Path status = dir.resolve("status");
        Path file = Files.writeString(dir.resolve("watchdog.yml"), "watchdog:\n  status_dir: " + status
                + "\n  log_dir: " + dir.resolve("logs") + "\n  control:\n    enabled: false\nbots:\n  - name: demo\n"
                + "    command: ['sleep', '1000']\n");
        WatchdogLock held = WatchdogLock.tryAcquire(status).orElseThrow();
        try {
            // Preemptive: were the lock not seen, run would supervise until killed instead of returning.
            int code = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> cli().execute("run", "--config", file.toString()));
            assertThat(code).isEqualTo(ExitCodes.ANOTHER_WATCHDOG).isEqualTo(75);
            assertThat(err.toString()).contains("Another watchdog is already running (pid "
                    + ProcessHandle.current().pid());
        } finally {
            held.close();
        }
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }

    @Test
    void anUnexpectedExceptionIsSeventy() {
        CommandLine cl = cli();
        cl.addSubcommand(new Boom());
        cl.setErr(new PrintWriter(err, true));     // again: setErr reaches only the subcommands already added
        assertThat(cl.execute("boom")).isEqualTo(ExitCodes.INTERNAL).isEqualTo(70);
        assertThat(err.toString()).startsWith("ultrawatch: internal error: java.lang.IllegalStateException: a bug");
    }

    @Test
    void everyCommandsHelpListsItsTable() {
        assertThat(cli().execute("status", "--help")).isZero();
        assertThat(out.toString()).contains("Exit codes:").containsPattern("\\s0\\s+the watchdog is up and every bot")
                .containsPattern("\\s3\\s+the watchdog is not running").containsPattern("\\s4\\s+unknown");
        for (String command : new String[] {"run", "restart", "stop", "start", "reload", "events", "check-config",
                "version"}) {
            out.getBuffer().setLength(0);
            assertThat(cli().execute(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Exit codes:")
                    .containsPattern("\\s1\\s+the action failed").containsPattern("\\s2\\s+usage error")
                    .containsPattern("\\s70\\s+internal error").containsPattern("\\s75\\s+another watchdog")
                    .containsPattern("\\s78\\s+the config is invalid");
        }
    }

    @Test
    void startStopAndRestartAreOneClassUnderThreeNamesWithTheirOwnHelp() {
        CommandLine cl = cli();
        assertThat(cl.getSubcommands().keySet()).containsSubsequence("run", "status", "restart", "stop", "start",
                "reload", "events", "check-config", "version", "help");
        for (String name : new String[] {"start", "stop", "restart"}) {
            Object command = cl.getSubcommands().get(name).getCommand();
            assertThat(command).isInstanceOf(BotActionCommand.class);
        }
        assertThat(cl.getSubcommands().get("restart").getUsageMessage()).contains("Usage: ultrawatch restart")
                .contains("Restarts a bot now").contains("BOT").contains("--status-dir");
        assertThat(cl.getSubcommands().get("stop").getUsageMessage()).contains("Stops a bot and its whole process");
        assertThat(cl.getSubcommands().get("start").getUsageMessage()).contains("Starts a stopped bot");
        assertThat(((BotActionCommand) parsed("stop", "my bot")).path()).isEqualTo("/api/bots/my+bot/stop");
        assertThat(((BotActionCommand) parsed("start", "demo")).path()).isEqualTo("/api/bots/demo/start");
        assertThat(((BotActionCommand) parsed("restart", "demo")).path()).isEqualTo("/api/bots/demo/restart");
    }

    private static Object parsed(String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult r = cl.parseArgs(args);
        return r.subcommand().commandSpec().userObject();
    }
}
