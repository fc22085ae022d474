package io.ultrawatch.health;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The bot's main-loop heartbeat: one volatile write per beat, so {@link HealthEndpoint#heartbeat()} costs next to
 * nothing on the bot's hot path. Thread-safe.
 */
final class Heartbeat {

    private final LongSupplier nanoTime;
    private final Duration maxAge;
    private volatile long lastBeatNanos;

    /** Starting counts as the first beat, so a bot gets a full {@code maxAge} to reach its main loop. */
    Heartbeat(LongSupplier nanoTime, Duration maxAge) {
        this.nanoTime = nanoTime;
        this.maxAge = maxAge;
        this.lastBeatNanos = nanoTime.getAsLong();
    }

    void beat() {
        lastBeatNanos = nanoTime.getAsLong();
    }

    long ageNanos() {
        return Math.max(0, nanoTime.getAsLong() - lastBeatNanos);
    }

    /** {@code false} when the max age is {@link Duration#ZERO}: the age is still reported, but never judged. */
    boolean enabled() {
        return !maxAge.isZero();
    }

    /** DOWN when the last beat is strictly older than the max age. */
    CheckResult judge(long ageNanos) {
        String ago = String.format(Locale.ROOT, "last beat %.1f s ago", ageNanos / 1e9);
        if (ageNanos > maxAge.toNanos()) {
            return CheckResult.down(ago + ", max " + describe(maxAge));
        }
        return CheckResult.up(ago);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
