package io.ultrawatch.watchdog.policy;

import java.time.Instant;
import java.util.List;

/**
 * Where a bot's starts are kept between watchdog runs, so the start budget survives a revival by cron and an
 * adoption. A failure to save is the keeper's to report: the budget then only counts this run's starts.
 */
public interface StartHistory {
    /** The starts recorded for {@code bot}, any order; empty when none or unreadable. */
    List<Instant> load(String bot);

    void save(String bot, List<Instant> starts);

    /** Keeps nothing: for tests and for a watchdog without a status folder. */
    StartHistory NONE = new StartHistory() {
        @Override
        public List<Instant> load(String bot) {
            return List.of();
        }

        @Override
        public void save(String bot, List<Instant> starts) {
        }
    };
}
