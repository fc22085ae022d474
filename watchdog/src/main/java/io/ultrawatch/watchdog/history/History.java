package io.ultrawatch.watchdog.history;

import io.ultrawatch.watchdog.time.DaemonThreads;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.files.AtomicFiles;
import io.ultrawatch.watchdog.json.Json;
import io.ultrawatch.watchdog.json.JsonTree;
import io.ultrawatch.watchdog.json.JsonWritable;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time series behind the dashboard's charts ({@code GET /api/history}): per bot a sample every
 * {@link #RESOLUTION} of memory, its limit and the probe latency, plus every restart with its reason, over the last
 * {@link #WINDOW}. Memory is bounded: fixed-size rings (about 70 KB a bot).
 *
 * <p>A watchdog restart does not blank the charts: restarts are rebuilt from {@code events.jsonl}, and the samples
 * (which are not events) are saved to {@code status/history.json} every minute and at a clean stop, and read back at
 * start. A crash loses at most the last minute of samples. Disk writes run on their own thread, never on the timer.
 *
 * <p>Thread-safety: all state is guarded by {@code this}; sampling runs on the scheduler's thread, reads on HTTP
 * threads, restarts arrive on the event bus thread.
 */
public final class History implements AutoCloseable {
    static final Duration RESOLUTION = Duration.ofSeconds(10);
    static final Duration WINDOW = Duration.ofHours(6);
    static final int CAPACITY = (int) (WINDOW.toSeconds() / RESOLUTION.toSeconds());
    static final int MAX_RESTARTS = 500;
    static final Duration SAVE_EVERY = Duration.ofMinutes(1);
    /** The first sample comes soon after start, so a fresh dashboard has a point to show. */
    static final Duration FIRST_SAMPLE = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(History.class);

    private final StatusBoard board;
    private final Scheduler time;
    private final Path saveFile;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final ExecutorService disk = Executors.newSingleThreadExecutor(
            DaemonThreads.factory("ultrawatch-history", 1));
    private volatile Cancellable sampler = Cancellable.NONE;
    private volatile Cancellable saver = Cancellable.NONE;
    private volatile boolean closed;

    private History(StatusBoard board, Scheduler time, Path saveFile) {
        this.board = board;
        this.time = time;
        this.saveFile = saveFile;
    }

    /** Loads what the previous watchdog left, subscribes to restarts and starts sampling. */
    public static History start(StatusBoard board, EventBus bus, Scheduler time, EventLogReader events, Path saveFile) {
        History h = new History(board, time, saveFile);
        h.load();
        h.rebuildRestarts(events);
        bus.subscribe(h::onEvent);
        h.sampler = time.schedule(h::sample, FIRST_SAMPLE);
        h.saver = time.schedule(h::saveLater, SAVE_EVERY);
        return h;
    }

    private long nowSeconds() {
        return time.clock().instant().getEpochSecond();
    }

    void sample() {
        if (closed) {
            return;
        }
        try {
            long now = nowSeconds();
            List<BotSnapshot> bots = board.bots();
            synchronized (this) {
                for (BotSnapshot b : bots) {
                    boolean alive = b.state() == BotState.RUNNING || b.state() == BotState.STARTING;
                    series(b.name()).add(now, b.memoryBytes() == null ? Double.NaN : b.memoryBytes() / 1048576.0,
                            b.memoryLimitMb() > 0 ? b.memoryLimitMb() : Double.NaN,
                            alive && b.lastProbe() != null ? b.lastProbe().latencyMs() : Double.NaN);
                }
                // Bots a reload removed leave the charts; while the board is still empty at start, keep everything.
                if (!bots.isEmpty()) {
                    series.keySet().removeIf(n -> bots.stream().noneMatch(b -> b.name().equals(n)));
                }
                series.values().forEach(s -> s.prune(now - WINDOW.toSeconds()));
            }
        } finally {
            if (!closed) {
                sampler = time.schedule(this::sample, RESOLUTION);
            }
        }
    }

    private void onEvent(WatchdogEvent e) {
        if (e.kind() == EventKind.RESTART && e.bot() != null && e.reason() != null) {
            synchronized (this) {
                series(e.bot()).restart(e.at().getEpochSecond(), e.reason().wireName());
            }
        }
    }

    private Series series(String bot) {
        return series.computeIfAbsent(bot, n -> new Series());
    }

    /** The document of {@code /api/history} and of {@code history.json}. */
    public synchronized Map<String, Object> toJson() {
        Map<String, Object> bots = new LinkedHashMap<>();
        series.forEach((name, s) -> bots.put(name, s.toJson()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("resolution_seconds", RESOLUTION.toSeconds());
        doc.put("window_seconds", WINDOW.toSeconds());
        doc.put("bots", bots);
        return doc;
    }

    private void rebuildRestarts(EventLogReader events) {
        Instant since = time.clock().instant().minus(WINDOW);
        try {
            List<Map<String, Object>> found = events.read(new EventLogReader.Query(null,
                    EventKind.RESTART.wireName(), since, MAX_RESTARTS * 4)).events();
            synchronized (this) {
                for (Map<String, Object> e : found) {
                    String bot = JsonTree.text(e.get("bot"));
                    String reason = JsonTree.text(e.get("reason"));
                    if (bot != null && reason != null) {
                        series(bot).restart(Instant.parse(JsonTree.text(e.get("at"))).getEpochSecond(), reason);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot rebuild the restart history from the event log: {}", e.toString());
        }
    }

    private void load() {
        try {
            Object doc = JsonTree.parse(Files.readAllBytes(saveFile));
            long oldest = nowSeconds() - WINDOW.toSeconds();
            synchronized (this) {
                if (JsonTree.field(doc, "bots") instanceof Map<?, ?> bots) {
                    bots.forEach((name, b) -> {
                        Series s = series((String) name);
                        List<?> t = list(JsonTree.field(b, "t"));
                        List<?> mem = list(JsonTree.field(b, "memory_mb"));
                        List<?> lim = list(JsonTree.field(b, "memory_limit_mb"));
                        List<?> lat = list(JsonTree.field(b, "probe_latency_ms"));
                        for (int i = 0; i < t.size(); i++) {
                            long at = t.get(i) instanceof Number n ? n.longValue() : 0;
                            if (at >= oldest) {
                                s.add(at, num(mem, i), num(lim, i), num(lat, i));
                            }
                        }
                        // restarts come from the event log, which is the record of truth for them
                    });
                }
            }
        } catch (NoSuchFileException e) {
            // first start
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring the saved chart history {}: {}", saveFile, e.toString());
        }
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    /** The i-th number of a saved series; NaN for a gap (null) or a value that is not there. */
    private static double num(List<?> values, int i) {
        return i < values.size() && values.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private void saveLater() {
        if (closed) {
            return;
        }
        disk.execute(this::save);
        saver = time.schedule(this::saveLater, SAVE_EVERY);
    }

    private void save() {
        try {
            AtomicFiles.write(saveFile, Json.bytes(toJson()));
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot save the chart history to {}: {}", saveFile, e.toString());
        }
    }

    /** Stops sampling and saves once more, so the next watchdog continues the charts. */
    @Override
    public void close() {
        closed = true;
        sampler.cancel();
        saver.cancel();
        disk.execute(this::save);
        disk.shutdown();
        try {
            disk.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A restart as the charts need it: epoch seconds and the reason's wire name. */
    record Restart(long t, String reason) implements JsonWritable {
        @Override
        public void writeJson(JsonGenerator out) throws IOException {
            out.writeStartObject();
            out.writeNumberField("t", t);
            out.writeStringField("reason", reason);
            out.writeEndObject();
        }
    }

    /** One bot's ring of samples and its recent restarts. Guarded by the enclosing History. */
    private static final class Series {
        final long[] t = new long[CAPACITY];
        final double[] memory = new double[CAPACITY];
        final double[] limit = new double[CAPACITY];
        final double[] latency = new double[CAPACITY];
        int head;
        int size;
        final ArrayDeque<Restart> restarts = new ArrayDeque<>();

        void add(long at, double mem, double lim, double lat) {
            int i = (head + size) % CAPACITY;
            if (size == CAPACITY) {
                head = (head + 1) % CAPACITY;
            } else {
                size++;
            }
            t[i] = at;
            memory[i] = mem;
            limit[i] = lim;
            latency[i] = lat;
        }

        void restart(long at, String reason) {
            if (restarts.size() == MAX_RESTARTS) {
                restarts.pollFirst();
            }
            restarts.addLast(new Restart(at, reason));
        }

        void prune(long oldest) {
            while (size > 0 && t[head] < oldest) {
                head = (head + 1) % CAPACITY;
                size--;
            }
            while (!restarts.isEmpty() && restarts.peekFirst().t() < oldest) {
                restarts.pollFirst();
            }
        }

        Map<String, Object> toJson() {
            List<Long> ts = new ArrayList<>(size);
            List<Double> mem = new ArrayList<>(size);
            List<Double> lim = new ArrayList<>(size);
            List<Double> lat = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                int i = (head + k) % CAPACITY;
                ts.add(t[i]);
                mem.add(round(memory[i]));
                lim.add(round(limit[i]));
                lat.add(round(latency[i]));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", ts);
            m.put("memory_mb", mem);
            m.put("memory_limit_mb", lim);
            m.put("probe_latency_ms", lat);
            m.put("restarts", List.copyOf(restarts));
            return m;
        }

        /** One decimal, and null for "no value" (JSON has no NaN; uPlot draws a gap). */
        private static Double round(double v) {
            return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
        }
    }
}
