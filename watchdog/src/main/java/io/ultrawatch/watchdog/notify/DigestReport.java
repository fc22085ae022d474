package io.ultrawatch.watchdog.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the daily digest says: per bot, over {@code [from, to)}. Immutable.
 *
 * @param bots in name order; every bot that has an event in the window or the day before it
 * @param partial true when events.jsonl was not read back far enough (its reader's scan budget ran out)
 */
public record DigestReport(Instant from, Instant to, List<Bot> bots, boolean partial) {
    public DigestReport {
        bots = List.copyOf(bots);
    }

    /**
     * @param availability the share of the window the bot was up (healthy, or running since an adoption), 0..1
     * @param restarts restarts in the window by reason ({@code exited} ...), most frequent first
     * @param longestOutage the longest time down in one stretch (clipped to the window), zero for none
     * @param memoryPeakMb the highest memory reading an event carried ({@code memory_mb}), or null for none
     * @param startsLeft starts left in the budget as the last event that carried it said ({@code starts_left}), or
     *     null
     */
    public record Bot(String name, double availability, Map<String, Integer> restarts, Duration longestOutage,
                      Long memoryPeakMb, Long startsLeft) {
        public Bot {
            restarts = Collections.unmodifiableMap(new LinkedHashMap<>(restarts)); // keeps the order
        }

        public int restartCount() {
            return restarts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
