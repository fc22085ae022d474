package io.ultrawatch.watchdog.policy;

import io.ultrawatch.watchdog.config.RestartConfig;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff as a pure function of the number of consecutive failures.
 *
 * <p>The first failure after a stable run restarts at once (a crash is usually a one-off, and every second counts);
 * failure n ≥ 2 waits {@code base × factor^(n-2)}, capped at {@code max}, then ± {@code jitter} of itself so that many
 * bots failing together do not restart in lockstep. It never gives up: past the cap every attempt waits about the cap.
 */
public record Backoff(Duration base, double factor, Duration max, double jitter) {

    public static Backoff of(RestartConfig c) {
        return new Backoff(c.backoffBase(), c.backoffFactor(), c.backoffMax(), c.jitter());
    }

    /** True when this many failures in a row call for a wait: the first failure after a stable run restarts at once. */
    public static boolean waits(int consecutiveFailures) {
        return consecutiveFailures > 1;
    }

    /** The delay before the next start without jitter. */
    public Duration nominalDelay(int consecutiveFailures) {
        if (!waits(consecutiveFailures)) {
            return Duration.ZERO;
        }
        double ms = base.toMillis() * Math.pow(factor, consecutiveFailures - 2.0);
        return ms >= max.toMillis() ? max : Duration.ofMillis(Math.round(ms));
    }

    /**
     * The delay before the next start.
     *
     * @param random a source of numbers in [0, 1); the jitter maps it to [-jitter, +jitter)
     */
    public Duration delayFor(int consecutiveFailures, DoubleSupplier random) {
        Duration nominal = nominalDelay(consecutiveFailures);
        if (nominal.isZero() || jitter == 0) {
            return nominal;
        }
        double spread = (random.getAsDouble() * 2 - 1) * jitter;
        return Duration.ofMillis(Math.max(0, Math.round(nominal.toMillis() * (1 + spread))));
    }
}
