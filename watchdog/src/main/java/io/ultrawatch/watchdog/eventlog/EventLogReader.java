package io.ultrawatch.watchdog.eventlog;

import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.json.JsonTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads the newest events of {@code events.jsonl} (then {@code events.jsonl.1}, ... once the current file is used
 * up) from the end backwards, in chunks, stopping at the limit, at the first event older than {@code since}, or after
 * {@link #MAX_SCAN_BYTES}: a query costs at most that much I/O and memory however large the logs grew. Lines that are
 * not JSON (a line being written right now) are skipped. An event comes back as the plain values of
 * {@link JsonTree}, so it is written out again as it was read. Stateless apart from the path; thread-safe.
 */
public final class EventLogReader {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    static final long MAX_SCAN_BYTES = 8L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final Path file;

    public EventLogReader(Path file) {
        this.file = file;
    }

    /**
     * @param bot only this bot's events, or null for all (the watchdog's own events have no bot)
     * @param kind only this kind ({@code restart}), or null
     * @param since only events at or after this time, or null
     * @param limit at most this many, the newest
     */
    public record Query(String bot, String kind, Instant since, int limit) {
    }

    /** @param events oldest first; @param truncated true when the scan budget ran out before the query was met */
    public record Result(List<Map<String, Object>> events, boolean truncated) {
    }

    /**
     * Parses a {@code since} as people write it: a duration ago ({@code 30m}, {@code 1h}) or an ISO-8601 time
     * ({@code 2026-11-23T08:00:00Z}); null or empty for no bound.
     *
     * @throws IllegalArgumentException naming the rule and the value
     */
    public static Instant parseSince(String since, Instant now) {
        if (since == null || since.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            try {
                return now.minus(Durations.parse(since));
            } catch (IllegalArgumentException e2) {
                throw new IllegalArgumentException("since must be a duration like 30m or 1h, or a time like"
                        + " 2026-11-23T08:00:00Z, but was '" + since + "'");
            }
        }
    }

    public Result read(Query q) throws IOException {
        Collector c = new Collector(q);
        for (int i = 0; !c.done && c.scanned < MAX_SCAN_BYTES; i++) {
            Path f = i == 0 ? file : file.resolveSibling(file.getFileName() + "." + i);
            if (!Files.exists(f)) {
                break;
            }
            scanBackwards(f, c);
        }
        List<Map<String, Object>> events = new ArrayList<>(c.found);
        Collections.reverse(events);
        return new Result(events, !c.done && c.scanned >= MAX_SCAN_BYTES);
    }

    private static void scanBackwards(Path f, Collector c) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long pos = ch.size();
            byte[] partial = new byte[0];
            while (pos > 0 && !c.done && c.scanned < MAX_SCAN_BYTES) {
                int n = (int) Math.min(CHUNK, pos);
                pos -= n;
                ByteBuffer buf = ByteBuffer.allocate(n + partial.length);
                buf.limit(n);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        break;
                    }
                }
                buf.limit(buf.capacity());
                buf.position(n);
                buf.put(partial);
                byte[] data = buf.array();
                c.scanned += n;
                int end = data.length;
                for (int i = data.length - 1; i >= 0 && !c.done; i--) {
                    if (data[i] == '\n') {
                        c.line(data, i + 1, end);
                        end = i;
                    }
                }
                partial = Arrays.copyOfRange(data, 0, end);
            }
            if (pos == 0 && !c.done) {
                c.line(partial, 0, partial.length);
            }
        } catch (NoSuchFileException e) {
            // rotated away between the check and the open: nothing to read there
        }
    }

    private static final class Collector {
        final Query q;
        final List<Map<String, Object>> found = new ArrayList<>();
        long scanned;
        boolean done;

        Collector(Query q) {
            this.q = q;
            done = q.limit() <= 0;
        }

        @SuppressWarnings("unchecked")
        void line(byte[] data, int from, int to) {
            if (to <= from) {
                return;
            }
            Map<String, Object> e;
            Instant at;
            try {
                Object parsed = JsonTree.parse(data, from, to - from);
                String atText = JsonTree.text(JsonTree.field(parsed, "at"));
                if (!(parsed instanceof Map) || atText == null) {
                    return;
                }
                e = (Map<String, Object>) parsed;
                at = Instant.parse(atText);
            } catch (IOException | DateTimeParseException ex) {
                return;
            }
            if (q.since() != null && at.isBefore(q.since())) {
                done = true;
                return;
            }
            if ((q.bot() == null || q.bot().equals(JsonTree.text(e.get("bot"))))
                    && (q.kind() == null || q.kind().equals(JsonTree.text(e.get("kind"))))) {
                found.add(e);
                done = found.size() >= q.limit();
            }
        }
    }
}
