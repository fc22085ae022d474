package io.ultrawatch.watchdog.config;

import java.time.Duration;

/**
 * Restart backoff (YAML key {@code restart}). The first failure after a stable run restarts at once; each further
 * consecutive failure waits {@code backoffBase × backoffFactor^(n-2)}, capped at {@code backoffMax}, ± jitter.
 *
 * @param backoffBase first non-zero delay (default 2s; env {@code RESTART_COOLDOWN_BASE})
 * @param backoffFactor growth per failure (default 2.0)
 * @param backoffMax the cap (default 300s; env {@code MAX_RESTART_COOLDOWN}); it never gives up
 * @param jitter fraction of the delay added or removed at random (default 0.2)
 * @param stableAfter running this long resets the failure count (default 60s)
 */
public record RestartConfig(Duration backoffBase, double backoffFactor, Duration backoffMax, double jitter,
                            Duration stableAfter) {
}
