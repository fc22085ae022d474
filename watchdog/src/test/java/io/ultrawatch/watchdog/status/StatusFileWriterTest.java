package io.ultrawatch.watchdog.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileWriterTest {
    private final ManualScheduler time = new ManualScheduler();
    private final ObjectMapper json = new ObjectMapper();

    private BotSnapshot snapshot(String name, long restarts) {
        Instant now = time.clock().instant();
        return new BotSnapshot(name, BotState.RUNNING, 4242L, false, now.minusSeconds(12), restarts,
                Map.of(RestartReason.EXITED, restarts), new BotSnapshot.LastRestart(now, RestartReason.EXITED,
                "exit code 1"), 0, ProbeResult.success(now, 2.1, 200), 81L * 1024 * 1024, 512, 0, null, 0, false,
                now, 1, null, null, 0);
    }

    @Test
    void documentHasTheContractFields(@TempDir Path dir) throws Exception {
        StatusBoard board = new StatusBoard(new WatchdogInfo(4100, "0.1.0", time.clock().instant(), "watchdog.yml"),
                time.clock());
        board.accept(snapshot("demo", 3));
        time.advance(Duration.ofSeconds(1));
        StatusFileWriter writer = new StatusFileWriter(dir.resolve("status.json"), board, time::nanoTime,
                Duration.ofSeconds(1));
        writer.writeNow();
        JsonNode doc = json.readTree(dir.resolve("status.json").toFile());
        assertThat(doc.get("schema_version").asInt()).isEqualTo(1);
        assertThat(doc.at("/watchdog/pid").asLong()).isEqualTo(4100);
        assertThat(doc.at("/watchdog/heartbeat_at").asText()).isEqualTo("2026-11-23T08:00:00Z");
        JsonNode bot = doc.at("/bots/0");
        assertThat(bot.get("name").asText()).isEqualTo("demo");
        assertThat(bot.get("state").asText()).isEqualTo("RUNNING");
        assertThat(bot.get("uptime_seconds").asDouble()).isEqualTo(13.0);
        assertThat(bot.at("/restarts_by_reason/exited").asLong()).isEqualTo(3);
        assertThat(bot.at("/last_restart/reason").asText()).isEqualTo("exited");
        assertThat(bot.at("/last_probe/latency_ms").asDouble()).isEqualTo(2.1);
        assertThat(bot.get("memory_mb").asDouble()).isEqualTo(81.0);
        assertThat(bot.get("next_start_at").isNull()).isTrue();
        assertThat(bot.get("crash_looping").asBoolean()).isFalse();
        writer.close();
    }

    @Test
    void readerLoopingDuringWritesAlwaysParsesAWholeFile(@TempDir Path dir) throws Exception {
        StatusBoard board = new StatusBoard(new WatchdogInfo(1, "t", time.clock().instant(), "x"), time.clock());
        for (int i = 0; i < 50; i++) {
            board.accept(snapshot("bot-" + i, i));
        }
        Path file = dir.resolve("status.json");
        StatusFileWriter writer = new StatusFileWriter(file, board, time::nanoTime, Duration.ofSeconds(1));
        writer.writeNow();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    JsonNode doc = json.readTree(Files.readAllBytes(file));
                    if (doc.get("bots").size() != 50) {
                        bad.incrementAndGet();
                    }
                    reads.incrementAndGet();
                } catch (NoSuchFileException e) {
                    bad.incrementAndGet();
                } catch (Exception e) {
                    e.printStackTrace();
                    bad.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int i = 0; i < 100; i++) {
            board.accept(snapshot("bot-" + (i % 50), i));
            writer.writeNow();
        }
        done.set(true);
        reader.join();
        writer.close();
        assertThat(reads.get()).isPositive();
        assertThat(bad.get()).isZero();
        assertThat(dir.resolve(".status.json.tmp")).doesNotExist();
    }

    @Test
    void failedWriteKeepsThePreviousFileAndIsCounted(@TempDir Path dir) throws Exception {
        StatusBoard board = new StatusBoard(new WatchdogInfo(1, "t", time.clock().instant(), "x"), time.clock());
        board.accept(snapshot("demo", 1));
        Path file = dir.resolve("status.json");
        StatusFileWriter writer = new StatusFileWriter(file, board, time::nanoTime, Duration.ofSeconds(1));
        writer.writeNow();
        String before = Files.readString(file);
        // A folder where the temp file should go makes the write fail, as a full disk would.
        Files.createDirectory(dir.resolve(".status.json.tmp"));
        Files.writeString(dir.resolve(".status.json.tmp").resolve("x"), "x");
        board.accept(snapshot("demo", 2));
        writer.writeNow();
        assertThat(writer.failures()).isPositive();
        assertThat(Files.readString(file)).isEqualTo(before);
        writer.close();
    }

    @Test
    void probeOnlyChangesWaitForTheHeartbeatWhileStateChangesAreWrittenAtOnce(@TempDir Path dir) {
        StatusBoard board = new StatusBoard(new WatchdogInfo(1, "t", time.clock().instant(), "x"), time.clock());
        board.accept(snapshot("demo", 1));
        StatusFileWriter writer = new StatusFileWriter(dir.resolve("status.json"), board, time::nanoTime,
                Duration.ofSeconds(1));
        writer.writeNow();
        assertThat(writer.writes()).isEqualTo(1);
        time.advance(Duration.ofMillis(300));
        board.accept(snapshot("demo", 1));             // same state, pid, restarts: only times moved
        assertThat(writer.needsWrite()).isFalse();
        board.accept(snapshot("demo", 2));             // a restart: readers must see it now
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.writes() == 2);
        time.advance(Duration.ofMillis(900));          // the heartbeat write is due
        assertThat(writer.needsWrite()).isTrue();
        writer.close();
        assertThat(writer.writes()).as("no write for the probe-only change").isEqualTo(2);
    }
}
