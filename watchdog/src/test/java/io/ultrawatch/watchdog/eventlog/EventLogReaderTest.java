package io.ultrawatch.watchdog.eventlog;

import static org.assertj.core.api.Assertions.assertThat;


import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogReaderTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path logs;

    private static String line(int i, String bot, String kind) {
        return "{\"at\":\"" + T0.plusSeconds(i) + "\",\"bot\":" + (bot == null ? "null" : "\"" + bot + "\"")
                + ",\"kind\":\"" + kind + "\",\"reason\":null,\"message\":\"event " + i + "\"}\n";
    }

    private Path write(String name, int from, int to) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(line(i, i % 2 == 0 ? "a" : "b", i % 10 == 0 ? "restart" : "healthy"));
        }
        return Files.writeString(logs.resolve(name), sb);
    }

    private List<String> messages(EventLogReader.Result r) {
        return r.events().stream().map(e -> (String) e.get("message")).toList();
    }

    private EventLogReader reader() {
        return new EventLogReader(logs.resolve("events.jsonl"));
    }

    @Test
    void theNewestEventsComeBackOldestFirst() throws Exception {
        write("events.jsonl", 0, 5000);

        EventLogReader.Result r = reader().read(new EventLogReader.Query(null, null, null, 3));

        assertThat(messages(r)).containsExactly("event 4997", "event 4998", "event 4999");
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void filtersByBotKindAndSince() throws Exception {
        write("events.jsonl", 0, 100);

        assertThat(messages(reader().read(new EventLogReader.Query("a", "restart", null, 3))))
                .containsExactly("event 70", "event 80", "event 90");
        assertThat(messages(reader().read(new EventLogReader.Query("b", null, T0.plusSeconds(95), 100))))
                .containsExactly("event 95", "event 97", "event 99");
    }

    @Test
    void continuesIntoTheRotatedFile() throws Exception {
        write("events.jsonl.1", 0, 10);
        write("events.jsonl", 10, 12);

        assertThat(messages(reader().read(new EventLogReader.Query(null, null, null, 4))))
                .containsExactly("event 8", "event 9", "event 10", "event 11");
    }

    @Test
    void skipsALineBeingWrittenAndLinesThatAreNotJson() throws Exception {
        Files.writeString(logs.resolve("events.jsonl"), line(1, "a", "healthy") + "garbage\n" + line(2, "a", "healthy")
                + "{\"at\":\"2026-11-23T08:00:03Z\",\"bo");

        assertThat(messages(reader().read(new EventLogReader.Query(null, null, null, 10))))
                .containsExactly("event 1", "event 2");
    }

    @Test
    void aHugeLogCostsAtMostTheScanBudget() throws Exception {
        Path file = write("events.jsonl", 0, 120_000);
        assertThat(Files.size(file)).isGreaterThan(EventLogReader.MAX_SCAN_BYTES);

        EventLogReader.Result r = reader().read(new EventLogReader.Query("nobody", null, null, 10));

        assertThat(r.events()).isEmpty();
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void missingLogIsEmpty() throws Exception {
        assertThat(reader().read(new EventLogReader.Query(null, null, null, 10)).events()).isEmpty();
    }

    @Test
    void sinceIsADurationAgoOrATime() {
        assertThat(EventLogReader.parseSince("1h", T0)).isEqualTo(T0.minus(Duration.ofHours(1)));
        assertThat(EventLogReader.parseSince("2026-11-23T07:00:00Z", T0)).isEqualTo(T0.minusSeconds(3600));
        assertThat(EventLogReader.parseSince(null, T0)).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventLogReader.parseSince("yesterday", T0))
                .hasMessage("since must be a duration like 30m or 1h, or a time like 2026-11-23T08:00:00Z, but was"
                        + " 'yesterday'");
    }

}
