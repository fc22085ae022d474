package io.ultrawatch.watchdog.notify;

import java.time.Duration;

/**
 * How often and how long a message is tried before it counts as failed. Immutable.
 *
 * @param attempts tries in all, the first included
 * @param base the wait after the first failed try; it doubles with each further one
 * @param cap the longest wait between two tries, also for a receiver's {@code Retry-After}
 */
public record RetryPolicy(int attempts, Duration base, Duration cap) {
    /** 8 tries over about four minutes (2 s, 4 s ... 128 s): rides out a receiver's restart or a short outage. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(2), Duration.ofMinutes(5));

    /** The wait before try {@code attempt + 1} after try {@code attempt} (from 1) failed with {@code result}. */
    Duration delay(int attempt, SendResult result) {
        if (result.retryAfter() != null) {
            return result.retryAfter().compareTo(cap) > 0 ? cap : result.retryAfter();
        }
        Duration d = base.multipliedBy(1L << Math.min(attempt - 1, 30));
        return d.compareTo(cap) > 0 || d.isNegative() ? cap : d;
    }
}
