package io.ultrawatch.watchdog.policy;

import io.ultrawatch.watchdog.config.RestartConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The start budget as a pure function of the starts so far: at most {@code maxStarts} starts in any sliding
 * {@code window}. Every start counts (failures, requests, schedules, config changes): a chat platform counts each
 * fresh login, whatever its reason.
 *
 * <p>Starts are wall-clock instants, unlike every other deadline of the watchdog: the budget must survive a
 * watchdog restart (and a reboot), which monotonic time does not. An NTP step shifts the window by the step, which
 * does not matter for a window of hours.
 */
public record StartBudget(int maxStarts, Duration window) {
    public static StartBudget of(RestartConfig c) {
        return new StartBudget(c.maxStarts(), c.maxStartsWindow());
    }

    /** The starts that still count at {@code now}, oldest first. */
    public List<Instant> inWindow(List<Instant> starts, Instant now) {
        Instant from = now.minus(window);
        List<Instant> kept = new ArrayList<>();
        for (Instant s : starts) {
            if (s.isAfter(from) && !s.isAfter(now)) {
                kept.add(s);
            }
        }
        kept.sort(null);
        return kept;
    }

    /** Empty when a start is allowed at {@code now}; else when the window frees the next one. */
    public Optional<Instant> spentUntil(List<Instant> starts, Instant now) {
        List<Instant> kept = inWindow(starts, now);
        if (kept.size() < maxStarts) {
            return Optional.empty();
        }
        // The start that frees a place is the one whose leaving brings the count below the budget.
        return Optional.of(kept.get(kept.size() - maxStarts).plus(window));
    }

    /** The starts to keep after one more at {@code now}: never more than the budget needs to remember. */
    public List<Instant> record(List<Instant> starts, Instant now) {
        List<Instant> kept = inWindow(starts, now);
        kept.add(now);
        int extra = kept.size() - maxStarts;
        return List.copyOf(extra > 0 ? kept.subList(extra, kept.size()) : kept);
    }
}
