package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.json.JsonTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Computes the daily digest from {@code events.jsonl} lines, so it survives watchdog restarts: up and down times
 * come from the events alone. A bot is down from an event that ends its service (a restart, a stop, a failed start,
 * crash-looping, held, waiting for a fix) until one that shows it serving again (healthy, recovered, adopted). A bot
 * whose state before the first event read is unknown counts as up. The events of the day before the window are read
 * as well, to know who was down when the window opened. Stateless.
 */
final class DigestBuilder {
    /** Events that leave a bot not serving. */
    static final Set<EventKind> DOWN = EnumSet.of(EventKind.RESTART, EventKind.STOPPING, EventKind.STOPPED,
            EventKind.KILLED, EventKind.START_FAILED, EventKind.CRASH_LOOPING, EventKind.HELD,
            EventKind.WAITING_FOR_FIX, EventKind.BACKOFF, EventKind.STARTING, EventKind.STOP_STUCK);
    /** Events that show it serving again. */
    static final Set<EventKind> UP = EnumSet.of(EventKind.HEALTHY, EventKind.RECOVERED, EventKind.ADOPTED);
    static final Duration WINDOW = Duration.ofHours(24);

    private DigestBuilder() {
    }

    /** Reads {@code events.jsonl} (and its rotated files) back to a day before the window, then computes. */
    static DigestReport fromLog(Path eventsFile, Instant to) throws IOException {
        Instant from = to.minus(WINDOW);
        EventLogReader.Result r = new EventLogReader(eventsFile)
                .read(new EventLogReader.Query(null, null, from.minus(WINDOW), Integer.MAX_VALUE));
        DigestReport d = compute(r.events(), from, to);
        return r.truncated() ? new DigestReport(d.from(), d.to(), d.bots(), true) : d;
    }

    /** @param events as read from events.jsonl, oldest first; lines that do not parse as events are skipped */
    static DigestReport compute(List<Map<String, Object>> events, Instant from, Instant to) {
        Map<String, Tally> bots = new TreeMap<>();
        for (Map<String, Object> e : events) {
            String bot = JsonTree.text(e.get("bot"));
            EventKind kind = kind(JsonTree.text(e.get("kind")));
            Instant at = instant(JsonTree.text(e.get("at")));
            if (bot == null || kind == null || at == null || !at.isBefore(to)) {
                continue;
            }
            bots.computeIfAbsent(bot, b -> new Tally(from)).add(kind, at, e);
        }
        List<DigestReport.Bot> out = new ArrayList<>();
        bots.forEach((name, t) -> out.add(t.finish(name, to)));
        return new DigestReport(from, to, out, false);
    }

    /** Per bot, walks its events in time order. */
    private static final class Tally {
        final Instant from;
        boolean down;
        Instant downSince;
        long downNanos;
        Duration longest = Duration.ZERO;
        final Map<String, Integer> restarts = new LinkedHashMap<>();
        Long memoryPeak;
        Long startsLeft;

        Tally(Instant from) {
            this.from = from;
        }

        void add(EventKind kind, Instant at, Map<String, Object> e) {
            if (DOWN.contains(kind) && !down) {
                down = true;
                downSince = at;
            } else if (UP.contains(kind) && down) {
                down = false;
                outage(downSince, at);
            }
            if (at.isBefore(from)) {
                return;
            }
            if (kind == EventKind.RESTART) {
                String reason = JsonTree.text(e.get("reason"));
                restarts.merge(reason == null ? "unknown" : reason, 1, Integer::sum);
            }
            Long mb = whole(e.get("memory_mb"));
            if (mb != null && (memoryPeak == null || mb > memoryPeak)) {
                memoryPeak = mb;
            }
            Long left = whole(e.get("starts_left"));
            if (left != null) {
                startsLeft = left;
            }
        }

        /** Counts the part of {@code [start, end)} inside the window. */
        void outage(Instant start, Instant end) {
            Instant s = start.isBefore(from) ? from : start;
            if (!end.isAfter(s)) {
                return;
            }
            Duration d = Duration.between(s, end);
            downNanos += d.toNanos();
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }

        DigestReport.Bot finish(String name, Instant to) {
            if (down) {
                outage(downSince, to);
            }
            double window = Duration.between(from, to).toNanos();
            double availability = Math.max(0, Math.min(1, 1 - downNanos / window));
            Map<String, Integer> byCount = restarts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
            return new DigestReport.Bot(name, availability, byCount, longest, memoryPeak, startsLeft);
        }
    }

    /** The digest as a message: one line per bot, the title naming the worst. */
    static Notification render(DigestReport r, ZoneId zone, Instant now) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(zone);
        List<String> lines = new ArrayList<>();
        lines.add("Last 24 h, to " + day.format(r.to()) + ":");
        int restarts = 0;
        DigestReport.Bot worst = null;
        for (DigestReport.Bot b : r.bots()) {
            restarts += b.restartCount();
            if (worst == null || b.availability() < worst.availability()) {
                worst = b;
            }
            lines.add(line(b));
        }
        if (r.bots().isEmpty()) {
            lines.add("No bot events in the last 48 h.");
        }
        if (r.partial()) {
            lines.add("(Only the newest part of events.jsonl was read: the figures cover less than the whole day.)");
        }
        String title = "ultrawatch daily digest: " + r.bots().size() + (r.bots().size() == 1 ? " bot" : " bots")
                + ", " + restarts + (restarts == 1 ? " restart" : " restarts")
                + (worst == null ? "" : ", lowest availability " + percent(worst.availability()) + " (" + worst.name()
                + ")");
        EventKind.Level level = worst != null && worst.availability() < 0.99 ? EventKind.Level.WARN
                : EventKind.Level.INFO;
        return new Notification(Notification.Kind.DIGEST, null, title, String.join("\n", lines), level, now,
                List.of());
    }

    static String line(DigestReport.Bot b) {
        StringBuilder s = new StringBuilder(b.name()).append(": ").append(percent(b.availability()))
                .append(" available");
        int n = b.restartCount();
        s.append("; ").append(n).append(n == 1 ? " restart" : " restarts");
        if (n > 0) {
            s.append(" (").append(b.restarts().entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
                    .collect(Collectors.joining(", "))).append(")");
        }
        if (!b.longestOutage().isZero()) {
            s.append("; longest outage ").append(human(b.longestOutage()));
        }
        if (b.memoryPeakMb() != null) {
            s.append("; memory peak ").append(b.memoryPeakMb()).append(" MB");
        }
        if (b.startsLeft() != null) {
            s.append("; ").append(b.startsLeft()).append(" starts left in the budget");
        }
        return s.toString();
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    /** {@code 4m 10s}, {@code 1h 2m}, {@code 12s}, {@code 0.4s}. */
    static String human(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        return s / 3600 + "h " + s % 3600 / 60 + "m";
    }

    private static EventKind kind(String wire) {
        if (wire == null) {
            return null;
        }
        try {
            return EventKind.valueOf(wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long whole(Object v) {
        return v instanceof Number num ? Long.valueOf(Math.round(num.doubleValue())) : null;
    }

}
