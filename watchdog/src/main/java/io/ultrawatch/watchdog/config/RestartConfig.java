package io.ultrawatch.watchdog.config;

import java.time.Duration;

/**
 * Restart backoff (YAML key {@code restart}). The first failure after a stable run restarts at once; each further
 * consecutive failure waits {@code backoffBase × backoffFactor^(n-2)}, capped at {@code backoffMax}, ± jitter. The
 * defaults are {@link #DEFAULTS}.
 *
 * @param backoffBase first non-zero delay (env {@code RESTART_COOLDOWN_BASE})
 * @param backoffFactor growth per failure
 * @param backoffMax the cap (env {@code MAX_RESTART_COOLDOWN}); it never gives up
 * @param jitter fraction of the delay added or removed at random
 * @param stableAfter running this long resets the failure count
 */
public record RestartConfig(Duration backoffBase, double backoffFactor, Duration backoffMax, double jitter,
                            Duration stableAfter) {
    /** What a bot gets for every key it leaves out; the only place these numbers are written. */
    public static final RestartConfig DEFAULTS = new RestartConfig(Duration.ofSeconds(2), 2.0,
            Duration.ofSeconds(300), 0.2, Duration.ofSeconds(60));
}
