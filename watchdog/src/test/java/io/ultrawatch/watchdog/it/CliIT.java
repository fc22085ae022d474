package io.ultrawatch.watchdog.it;

import static io.ultrawatch.watchdog.it.LiveWatchdog.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrawatch.watchdog.cli.ExitCodes;
import io.ultrawatch.watchdog.cli.Main;
import io.ultrawatch.watchdog.model.BotState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI against a real watchdog (control server, lock and pid file as {@code run} has them) and a real bot. */
class CliIT {
    @TempDir
    Path dir;
    private LiveWatchdog w;

    @AfterEach
    void stopEverything() {
        if (w != null) {
            w.close();
        }
    }

    record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = Stream.concat(Stream.of(args), Stream.of("--status-dir", dir.resolve("status").toString()))
                .toArray(String[]::new);
        int code = cl.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    private Run awaitCli(String what, int code, String... args) {
        AtomicReference<Run> last = new AtomicReference<>();
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            last.set(cli(args));
            return last.get().code() == code;
        });
        return last.get();
    }

    @Test
    void statusExitsZeroWhenRunningOneWhenABotIsDownThreeWhenTheWatchdogIsNot() throws Exception {
        Run none = cli("status");
        assertThat(none.code()).isEqualTo(ExitCodes.STATUS_NOT_RUNNING);
        assertThat(none.out()).startsWith("watchdog: NOT RUNNING");

        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        long pid = w.awaitRunning();
        Run ok = awaitCli("status 0", 0, "status");
        assertThat(ok.out()).containsPattern("demo +RUNNING +" + pid + " ");
        Run json = cli("status", "--json");
        assertThat(json.code()).isZero();
        assertThat(new ObjectMapper().readTree(json.out()).path("bots").get(0).path("pid").asLong()).isEqualTo(pid);

        w.watchdog().supervisor("demo").orElseThrow().stop().get();
        Run down = awaitCli("status 1", ExitCodes.STATUS_BOT_NOT_RUNNING, "status");
        assertThat(down.out()).containsPattern("demo +STOPPED +- ");

        w.close();
        w = null;
        Run gone = cli("status");
        assertThat(gone.code()).isEqualTo(ExitCodes.STATUS_NOT_RUNNING);
        assertThat(gone.out()).contains("NOT RUNNING");
    }

    @Test
    void restartStopStartAndEventsThroughTheCli() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        long first = w.awaitRunning();

        Run restart = cli("restart", "demo");
        assertThat(restart.code()).as(restart.err()).isZero();
        assertThat(restart.out().strip()).isEqualTo("Restart of demo requested (pid " + first + ")");
        long second = w.awaitRunningOtherThan(first);

        Run unknown = cli("restart", "nope");
        assertThat(unknown.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err().strip()).isEqualTo("Unknown bot 'nope'. Known bots: demo");

        assertThat(cli("stop", "demo").code()).isZero();
        w.awaitDemo("demo STOPPED", b -> b.state() == BotState.STOPPED);
        assertThat(LiveWatchdog.alive(second)).isFalse();
        assertThat(cli("start", "demo").code()).isZero();
        w.awaitRunningOtherThan(second);

        Run events = awaitCli("the events", 0, "events", "--bot", "demo", "--since", "10m");
        assertThat(events.out()).contains("restart(requested)", "requested through the control API (cli)");
        assertThat(cli("events", "--since", "yesterday").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void eventsFollowPrintsNewEventsAsTheyHappen() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        long first = w.awaitRunning();
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        AtomicReference<Integer> code = new AtomicReference<>();
        Thread follower = new Thread(() -> code.set(cl.execute("events", "--follow", "--bot", "demo",
                "--status-dir", dir.resolve("status").toString())));
        follower.start();
        try {
            await("the past events").atMost(WAIT).until(() -> out.toString().contains("healthy"));
            w.inject("crash:3");
            w.awaitRunningOtherThan(first);
            await("the crash, followed").atMost(WAIT).until(() -> out.toString().contains("restart(exited)"));
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
        assertThat(code.get()).isZero();
    }

    @Test
    void commandsSayClearlyWhenTheWatchdogIsNotRunning() {
        Run r = cli("restart", "demo");
        assertThat(r.code()).as("a failed action").isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).startsWith("ultrawatch is not running");
    }
}
