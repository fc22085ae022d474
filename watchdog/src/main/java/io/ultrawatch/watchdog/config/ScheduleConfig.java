package io.ultrawatch.watchdog.config;

import java.time.Duration;

/**
 * A proactive restart (YAML key {@code schedule}), as bots do to dodge proxy or gateway timeouts. The defaults are
 * {@link #DEFAULTS}: no scheduled restart.
 *
 * @param every restart a bot that has run this long, or {@code null} for never
 * @param jitter up to this much is added at random so many bots do not restart together
 */
public record ScheduleConfig(Duration every, Duration jitter) {
    /** What a bot gets for every key it leaves out; the only place these values are written. */
    public static final ScheduleConfig DEFAULTS = new ScheduleConfig(null, Duration.ZERO);

    public boolean enabled() {
        return every != null;
    }
}
