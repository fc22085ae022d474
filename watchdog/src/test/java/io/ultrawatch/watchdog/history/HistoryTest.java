package io.ultrawatch.watchdog.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import io.ultrawatch.watchdog.testing.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;
    private final ManualScheduler time = new ManualScheduler();
    private final StatusBoard board = new StatusBoard(new WatchdogInfo(1, "t", time.clock().instant(), "(t)"),
            time.clock());
    private final EventBus bus = new EventBus(Runnable::run);

    private History start() {
        return History.start(board, bus, time, new EventLogReader(dir.resolve("events.jsonl")),
                dir.resolve("history.json"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bot(History h, String name) {
        return (Map<String, Object>) ((Map<String, Object>) h.toJson().get("bots")).get(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void samplesAtAFixedResolutionAndKeepsOnlyTheWindow() {
        History h = start();
        board.accept(Snapshots.withProbe(Snapshots.of("demo", BotState.RUNNING, time.clock().instant()),
                ProbeResult.success(time.clock().instant(), 12.34, 200)));
        time.advance(History.FIRST_SAMPLE.plus(History.RESOLUTION.multipliedBy(2)));

        Map<String, Object> demo = bot(h, "demo");
        assertThat((List<Object>) demo.get("t")).hasSize(3);
        assertThat((List<Object>) demo.get("memory_mb")).containsOnly(100.0);
        assertThat((List<Object>) demo.get("memory_limit_mb")).containsOnly(512.0);
        assertThat((List<Object>) demo.get("probe_latency_ms")).containsOnly(12.3);

        time.advance(History.WINDOW.plusMinutes(10));
        assertThat((List<Object>) bot(h, "demo").get("t")).hasSize(History.CAPACITY);
        h.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRestartedWatchdogGetsItsChartsBackFromTheSavedSamplesAndTheEventLog() throws Exception {
        History first = start();
        board.accept(Snapshots.of("demo", BotState.RUNNING, time.clock().instant()));
        time.advance(History.FIRST_SAMPLE.plus(History.RESOLUTION));
        bus.publish(new WatchdogEvent(time.clock().instant(), "demo", EventKind.RESTART, RestartReason.EXITED, "m",
                Map.of()));
        assertThat((List<Object>) bot(first, "demo").get("restarts")).hasSize(1);
        first.close();
        Files.writeString(dir.resolve("events.jsonl"), "{\"at\":\"" + time.clock().instant() + "\",\"bot\":\"demo\","
                + "\"kind\":\"restart\",\"reason\":\"exited\",\"message\":\"m\"}\n");

        time.advance(Duration.ofMinutes(1));
        History second = start();

        Map<String, Object> demo = bot(second, "demo");
        assertThat((List<Object>) demo.get("t")).hasSize(2);
        assertThat((List<Object>) demo.get("restarts")).containsExactly(new History.Restart(
                time.clock().instant().minusSeconds(60).getEpochSecond(), "exited"));
        second.close();
    }
}
