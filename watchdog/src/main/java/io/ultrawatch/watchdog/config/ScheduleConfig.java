package io.ultrawatch.watchdog.config;

import java.time.Duration;

/**
 * A proactive restart (YAML key {@code schedule}), as bots do to dodge proxy or gateway timeouts.
 *
 * @param every restart a bot that has run this long, or {@code null} for never (default never)
 * @param jitter up to this much is added at random so many bots do not restart together (default 0)
 */
public record ScheduleConfig(Duration every, Duration jitter) {
    public boolean enabled() {
        return every != null;
    }
}
