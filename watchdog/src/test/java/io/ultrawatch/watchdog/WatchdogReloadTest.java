package io.ultrawatch.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.ReloadResult;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.testing.FakeLauncher;
import io.ultrawatch.watchdog.testing.FakeProber;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the config file of a running watchdog, with a manual clock and fake processes. */
class WatchdogReloadTest {
    @TempDir
    Path dir;
    private final ManualScheduler time = new ManualScheduler();
    private final FakeLauncher launcher = new FakeLauncher(time.clock());
    private final FakeProber prober = new FakeProber(time);
    private final List<WatchdogEvent> events = new ArrayList<>();
    private Watchdog watchdog;

    private static String yaml(String command, int threshold, String extraBot) {
        return "watchdog:\n  control:\n    enabled: false\nbots:\n"
                + "  - name: demo\n    command: [" + command + "]\n    health:\n"
                + "      url: http://127.0.0.1:5001/health\n"
                + "      failure_threshold: " + threshold
                + "\n" + extraBot;
    }

    private Path file;

    private void start(String yaml) throws Exception {
        file = dir.resolve("watchdog.yml");
        Files.writeString(file, yaml);
        EventBus bus = new EventBus(Runnable::run);
        bus.subscribe(events::add);
        StatusBoard board = new StatusBoard(new WatchdogInfo(1, "t", time.clock().instant(), "x"), time.clock());
        watchdog = new Watchdog(ConfigLoader.load(file, Map.of()), time, Runnable::run, bus, board, launcher, prober,
                pids -> OptionalLong.of(1), () -> 0.5);
        watchdog.start();
        time.runDue();
    }

    /** Starts as {@code run} does without --config in a folder without watchdog.yml: the built-in defaults. */
    private void startOnDefaults() {
        EventBus bus = new EventBus(Runnable::run);
        bus.subscribe(events::add);
        StatusBoard board = new StatusBoard(new WatchdogInfo(1, "t", time.clock().instant(), "(defaults)"),
                time.clock());
        watchdog = new Watchdog(ConfigLoader.defaults(dir, Map.of()), time, Runnable::run, bus, board, launcher,
                prober, pids -> OptionalLong.of(1), () -> 0.5);
        watchdog.start();
        time.runDue();
    }

    @AfterEach
    void close() {
        if (watchdog != null) {
            watchdog.close();
        }
    }

    private BotSnapshot bot(String name) {
        return watchdog.board().bots().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void invalidFileKeepsTheRunningConfigAndSaysWhy() throws Exception {
        start(yaml("bot, run", 3, ""));
        Files.writeString(file, yaml("bot, run", 0, ""));
        ReloadResult r = watchdog.reload();
        assertThat(r.applied()).isFalse();
        assertThat(r.errors()).containsExactly(
                file + ": bots[0].health.failure_threshold must be between 1 and 100, but was 0");
        assertThat(watchdog.config().bots().get(0).health().failureThreshold()).isEqualTo(3);
        assertThat(watchdog.board().document().get("watchdog").toString()).contains("failure_threshold");
        assertThat(events).anyMatch(e -> e.kind() == EventKind.CONFIG_INVALID);
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void thresholdChangeAppliesWithoutARestart() throws Exception {
        start(yaml("bot, run", 3, ""));
        Files.writeString(file, yaml("bot, run", 1, ""));
        ReloadResult r = watchdog.reload();
        assertThat(r.applied()).isTrue();
        assertThat(r.summary()).contains("1 updated in place [demo]");
        assertThat(launcher.started).hasSize(1);
        prober.mode = FakeProber.Mode.UNHEALTHY;
        time.advance(Duration.ofSeconds(5));
        assertThat(bot("demo").restartsByReason()).containsEntry(RestartReason.HEALTH_CHECK_FAILED, 1L);
    }

    @Test
    void commandChangeRestartsWithConfigChanged() throws Exception {
        start(yaml("bot, run", 3, ""));
        Files.writeString(file, yaml("bot, run, --new-flag", 3, ""));
        watchdog.reload();
        assertThat(launcher.started).hasSize(2);
        assertThat(bot("demo").lastRestart().reason()).isEqualTo(RestartReason.CONFIG_CHANGED);
    }

    @Test
    void addedBotStartsAndRemovedBotStops() throws Exception {
        start(yaml("bot, run", 3, "  - name: extra\n    command: [extra]\n"
                + "    health: {url: 'http://127.0.0.1:5002/health'}\n"));
        assertThat(launcher.started).hasSize(2);
        Files.writeString(file, yaml("bot, run", 3, "  - name: third\n    command: [third]\n"
                + "    health: {url: 'http://127.0.0.1:5003/health'}\n"));
        ReloadResult r = watchdog.reload();
        time.runDue();
        assertThat(r.summary()).contains("1 added [third]", "1 removed [extra]");
        assertThat(watchdog.board().bots()).extracting(BotSnapshot::name).containsExactly("demo", "third");
        assertThat(launcher.started.get(1).exited()).isTrue();
        assertThat(bot("third").state()).isEqualTo(BotState.RUNNING);
    }

    @Test
    void aWatchdogYmlWrittenNextToARunningDemoIsPickedUpByAReloadAsAStartWouldPickItUp() throws Exception {
        startOnDefaults();
        assertThat(bot("demo").state()).isEqualTo(BotState.RUNNING);
        Path written = dir.resolve("watchdog.yml");
        Files.writeString(written, "bots:\n  - name: mine\n    command: [mine]\n");

        ReloadResult r = watchdog.reload();
        time.runDue();

        assertThat(r.applied()).as(r.summary()).isTrue();
        assertThat(r.summary()).startsWith("Config reloaded from " + written).contains("1 added [mine]",
                "1 removed [demo]");
        assertThat(watchdog.config().source()).isEqualTo(written);
        assertThat(watchdog.board().info().config()).isEqualTo(written.toString());
        assertThat(launcher.started.get(0).exited()).as("the demo stopped").isTrue();
        assertThat(watchdog.board().bots()).extracting(BotSnapshot::name).containsExactly("mine");
        assertThat(bot("mine").state()).isEqualTo(BotState.RUNNING);
        assertThat(events).anyMatch(e -> e.kind() == EventKind.CONFIG_RELOADED
                && e.message().contains(written.toString()));
        // The defaults' folders are those of a file without a watchdog section in the same folder: nothing to defer.
        assertThat(r.summary()).doesNotContain("apply at its next start");
    }

    @Test
    void reloadOnDefaultsWithoutAFileSaysWhereItLooked() {
        startOnDefaults();

        ReloadResult r = watchdog.reload();

        assertThat(r.applied()).isFalse();
        assertThat(r.summary()).contains("built-in defaults", dir.resolve("watchdog.yml").toString());
        assertThat(bot("demo").state()).isEqualTo(BotState.RUNNING);
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void aRemovedFileKeepsTheRunningConfigAndSaysWhy() throws Exception {
        startOnDefaults();
        Path written = dir.resolve("watchdog.yml");
        Files.writeString(written, "bots:\n  - name: mine\n    command: [mine]\n");
        watchdog.reload();
        time.runDue();
        Files.delete(written);

        ReloadResult r = watchdog.reload();
        time.runDue();

        assertThat(r.applied()).isFalse();
        assertThat(r.summary()).contains("running config stays", written + ": no such file", "from " + written);
        assertThat(bot("mine").state()).isEqualTo(BotState.RUNNING);
        assertThat(watchdog.board().bots()).extracting(BotSnapshot::name).containsExactly("mine");
        assertThat(events).anyMatch(e -> e.kind() == EventKind.CONFIG_INVALID
                && e.message().contains("no such file"));
    }
}
