package io.ultrawatch.watchdog.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.json.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest computed from fixed events.jsonl lines. */
class NotifyDigestTest {
    private static final Instant TO = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant FROM = TO.minus(Duration.ofHours(24));

    @TempDir
    Path logs;

    private static String line(String at, String bot, String kind, String reason, String extra) {
        return "{\"at\":\"" + at + "\",\"bot\":\"" + bot + "\",\"kind\":\"" + kind + "\",\"reason\":"
                + (reason == null ? "null" : "\"" + reason + "\"") + ",\"message\":\"m\"" + extra + "}";
    }

    /** demo: down 10 min (crash), 1 h (memory), and already down when the window opened (since 07:50 the day before). */
    private static final List<String> LINES = List.of(
            line("2026-11-22T20:00:00Z", "old", "healthy", null, ""),
            line("2026-11-23T07:50:00Z", "demo", "restart", "exited", ""),
            line("2026-11-23T07:50:01Z", "demo", "starting", null, ",\"attempt\":1"),
            line("2026-11-23T08:05:00Z", "demo", "healthy", null, ",\"pid\":10"),
            line("2026-11-23T10:00:00Z", "demo", "probe_failed", null, ""),
            line("2026-11-23T12:00:00Z", "demo", "restart", "exited", ""),
            line("2026-11-23T12:10:00Z", "demo", "healthy", null, ""),
            line("2026-11-23T15:00:00Z", "demo", "memory_high", null, ",\"memory_mb\":480,\"limit_mb\":400"),
            line("2026-11-23T15:00:10Z", "demo", "memory_high", null, ",\"memory_mb\":512.4,\"limit_mb\":400"),
            line("2026-11-23T15:00:20Z", "demo", "restart", "memory_limit", ",\"starts_left\":7"),
            line("2026-11-23T16:00:20Z", "demo", "recovered", null, ",\"starts_left\":6"),
            line("2026-11-23T20:00:00Z", "worker", "restart", "requested", ""),
            line("2026-11-23T20:00:03Z", "worker", "healthy", null, ""),
            line("2026-11-24T07:30:00Z", "worker", "restart", "health_check_failed", ""),
            "not json at all",
            line("2026-11-24T09:00:00Z", "demo", "restart", "exited", "")); // after the window: ignored

    private static List<Map<String, Object>> parsed() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String l : LINES) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) JsonTree.parse(l.getBytes(StandardCharsets.UTF_8));
                out.add(m);
            } catch (IOException e) {
                // as the reader does: a line that is not JSON is skipped
            }
        }
        return out;
    }

    @Test
    void availabilityRestartsOutagesMemoryAndBudgetPerBot() throws IOException {
        DigestReport r = DigestBuilder.compute(parsed(), FROM, TO);

        assertThat(r.bots()).extracting(DigestReport.Bot::name).containsExactly("demo", "old", "worker");
        DigestReport.Bot demo = r.bots().get(0);
        // down 08:00-08:05 (5 min, clipped to the window), 12:00-12:10, 15:00:20-16:00:20: 75 min of 24 h
        assertThat(demo.availability()).isCloseTo(1 - 75.0 / 1440, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(demo.restarts()).containsExactly(Map.entry("exited", 1), Map.entry("memory_limit", 1));
        assertThat(demo.longestOutage()).isEqualTo(Duration.ofHours(1));
        assertThat(demo.memoryPeakMb()).isEqualTo(512);
        assertThat(demo.startsLeft()).isEqualTo(6);

        DigestReport.Bot worker = r.bots().get(2);
        // a requested restart counts as a restart (and downtime), and one still down at the end counts to the end
        assertThat(worker.restarts()).containsOnly(Map.entry("requested", 1), Map.entry("health_check_failed", 1));
        assertThat(worker.longestOutage()).isEqualTo(Duration.ofMinutes(30));
        assertThat(worker.memoryPeakMb()).isNull();
        assertThat(worker.startsLeft()).isNull();

        DigestReport.Bot old = r.bots().get(1);
        assertThat(old.availability()).isEqualTo(1.0);
        assertThat(old.restartCount()).isZero();
    }

    @Test
    void theMessageHasOneLinePerBotAndNamesTheWorstInTheTitle() throws IOException {
        Notification n = DigestBuilder.render(DigestBuilder.compute(parsed(), FROM, TO), ZoneOffset.UTC, TO);

        assertThat(n.kind()).isEqualTo(Notification.Kind.DIGEST);
        assertThat(n.title()).isEqualTo("ultrawatch daily digest: 3 bots, 4 restarts, lowest availability 94.79%"
                + " (demo)");
        assertThat(n.text().lines().toList()).containsExactly(
                "Last 24 h, to 2026-11-24 08:00 Z:",
                "demo: 94.79% available; 2 restarts (exited ×1, memory_limit ×1); longest outage 1h 0m;"
                        + " memory peak 512 MB; 6 starts left in the budget",
                "old: 100.00% available; 0 restarts",
                "worker: 97.91% available; 2 restarts (requested ×1, health_check_failed ×1); longest outage 30m 0s");
    }

    @Test
    void itIsReadFromEventsJsonlAndItsRotatedFiles() throws IOException {
        // The older half in the rotated file, as logback leaves it: the digest survives restarts and rotation.
        Files.write(logs.resolve("events.jsonl.1"), LINES.subList(0, 8));
        Files.write(logs.resolve("events.jsonl"), LINES.subList(8, LINES.size()));

        DigestReport fromFiles = DigestBuilder.fromLog(logs.resolve("events.jsonl"), TO);

        assertThat(fromFiles).isEqualTo(DigestBuilder.compute(parsed(), FROM, TO));
    }

    @Test
    void noEventsSaysSo() throws IOException {
        Notification n = Notifier.digest(logs.resolve("events.jsonl"), ZoneOffset.UTC, TO);

        assertThat(n.title()).isEqualTo("ultrawatch daily digest: 0 bots, 0 restarts");
        assertThat(n.text()).contains("No bot events");
    }
}
