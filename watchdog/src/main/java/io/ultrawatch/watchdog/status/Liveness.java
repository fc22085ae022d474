package io.ultrawatch.watchdog.status;

import java.time.Duration;

/**
 * The one definition of a hung watchdog, used by {@code ultrawatch status}, {@code /healthz} and (through the limit
 * the watchdog writes into {@code status/heartbeat}, see {@link HeartbeatLine}) by {@code scripts/status.sh} and
 * cron's {@code ensure_running.sh}. A watchdog is hung when its heartbeat (the oldest moment any supervisor loop last
 * ran) is older than {@link #hungAfter} its status interval. The shell never computes the limit itself: it reads the
 * number the watchdog wrote, so a changed interval or rule here cannot drift from what cron decides.
 */
public final class Liveness {
    /**
     * The heartbeat is refreshed every status interval, so five missed refreshes is a stuck loop, not a slow one.
     */
    public static final int STALE_INTERVALS = 5;
    /** Never sooner than this, so a GC pause or a slow disk on a fast interval (100 ms) is not called a hang. */
    public static final Duration MIN_HUNG_AFTER = Duration.ofSeconds(3);

    private Liveness() {
    }

    /** How old a heartbeat may get before its watchdog counts as hung. */
    public static Duration hungAfter(Duration statusInterval) {
        Duration limit = statusInterval.multipliedBy(STALE_INTERVALS);
        return limit.compareTo(MIN_HUNG_AFTER) < 0 ? MIN_HUNG_AFTER : limit;
    }

    /**
     * True when a heartbeat this old means a hung watchdog. A negative age (the wall clock stepped back since the
     * heartbeat was written) counts as fresh. The shell tests {@code age > limit} in milliseconds, the same rule.
     */
    public static boolean isHung(Duration heartbeatAge, Duration limit) {
        return heartbeatAge.compareTo(limit) > 0;
    }
}
