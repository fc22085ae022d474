package io.ultrawatch.watchdog.it;

import static io.ultrawatch.watchdog.it.LiveWatchdog.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.process.ProcStat;
import io.ultrawatch.watchdog.testing.TestBots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot whose command leaves a detached process behind at every start ({@code setsid -f sleep 600}: parent 1, a
 * session of its own) loses it at every restart and stop: the start's cookie in its environment gives it away. And a
 * start that cannot happen says why in words a person can act on.
 */
class DetachedDescendantsIT {
    @TempDir
    Path dir;
    private LiveWatchdog live;
    /** A unique argument of this test's sleeps ("600.<random>" is still 600 s to sleep), to find and clean them. */
    private final String mark = "600." + Math.abs(ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE));
    private final List<Long> leaked = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        if (live != null) {
            live.close();
        }
        leaked.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        sleeps().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void theDetachedSleepOfEveryStartIsGoneAfterTheRestartAndTheStop() throws Exception {
        live = new LiveWatchdog(dir);
        BotConfig demo = live.bot();
        List<String> command = new ArrayList<>(List.of("bash", "-c", "setsid -f sleep " + mark + "; exec \"$@\"",
                "bot"));
        command.addAll(demo.command());
        live.start(TestBots.withHealth(TestBots.bot("demo", command, dir, live.flagFile), demo.health()));

        long first = live.awaitRunning();
        long firstSleep = awaitOneSleep();
        ProcStat stat = ProcStat.of(firstSleep).orElseThrow();
        assertThat(stat.ppid()).as("re-parented, not the bot's child").isNotEqualTo(first);
        assertThat(stat.session()).as("a session of its own").isNotEqualTo(first);

        live.inject("crash:3");
        live.awaitRunningOtherThan(first);
        await("the first start's sleep " + firstSleep + " gone, the second start's there").atMost(WAIT)
                .until(() -> !LiveWatchdog.alive(firstSleep) && sleeps().size() == 1);
        long secondSleep = sleeps().get(0);
        leaked.add(secondSleep);

        live.watchdog().close();
        assertThat(live.demo().state()).isEqualTo(BotState.STOPPED);
        assertThat(LiveWatchdog.alive(secondSleep)).as("the sleep of the last start after the stop").isFalse();
        assertThat(sleeps()).isEmpty();
    }

    @Test
    void aMissingWorkingDirIsAStartFailureNamingTheBotTheFieldAndTheFolder() throws Exception {
        live = new LiveWatchdog(dir);
        BotConfig demo = live.bot();
        Path gone = dir.resolve("not-created-yet");
        live.start(TestBots.withHealth(TestBots.bot("demo", demo.command(), gone, live.flagFile), demo.health()));

        await("a start_failed event").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> live.events.stream().anyMatch(e -> e.kind() == EventKind.START_FAILED));

        assertThat(live.events.stream().filter(e -> e.kind() == EventKind.START_FAILED).findFirst().orElseThrow()
                .message()).isEqualTo("Could not start demo: working_dir '" + gone + "' of bot 'demo' does not exist");
        live.awaitDemo("demo backing off after the failed start", b -> b.state() == BotState.BACKOFF);
    }

    private long awaitOneSleep() {
        return await("the bot's detached sleep " + mark).atMost(WAIT).until(this::sleeps, s -> s.size() == 1).get(0);
    }

    /** The live sleeps of this test, found by their unique argument. */
    private List<Long> sleeps() {
        return ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> a.length == 1
                && a[0].equals(mark)).orElse(false)).filter(h -> LiveWatchdog.alive(h.pid()))
                .map(ProcessHandle::pid).toList();
    }
}
