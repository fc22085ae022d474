package io.ultrawatch.watchdog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Restart backoff (YAML key {@code restart}). The first failure after a stable run restarts at once; each further
 * consecutive failure waits {@code backoffBase × backoffFactor^(n-2)}, capped at {@code backoffMax}, ± jitter. The
 * defaults are {@link #DEFAULTS}.
 *
 * @param backoffBase first non-zero delay (env {@code RESTART_COOLDOWN_BASE})
 * @param backoffFactor growth per failure
 * @param backoffMax the cap (env {@code MAX_RESTART_COOLDOWN}); it never gives up
 * @param jitter fraction of the delay added or removed at random
 * @param stableAfter running this long resets the failure count (10 minutes, as Kubernetes resets its crash-loop
 *     backoff: a bot that dies a minute after every start must not be restarted at once every time)
 * @param maxStarts the start budget: at most this many starts of any kind in any {@code maxStartsWindow}, then the
 *     bot is HELD (Discord resets a bot's token after 1000 logins in 24 h; every fresh start is one)
 * @param maxStartsWindow the sliding window of the start budget
 * @param waitForFixExitCodes exit codes that mean "cannot run until a person fixes something" (78, EX_CONFIG, for a
 *     revoked token): the bot waits in WAITING_FOR_FIX for one of its inputs to change instead of being restarted
 * @param waitForFixWatch more paths (absolute) whose change ends the wait, besides the env file and the config
 */
public record RestartConfig(Duration backoffBase, double backoffFactor, Duration backoffMax, double jitter,
                            Duration stableAfter, int maxStarts, Duration maxStartsWindow,
                            List<Integer> waitForFixExitCodes, List<Path> waitForFixWatch) {
    /** What a bot gets for every key it leaves out; the only place these numbers are written. */
    public static final RestartConfig DEFAULTS = new RestartConfig(Duration.ofSeconds(2), 2.0,
            Duration.ofSeconds(300), 0.2, Duration.ofMinutes(10), 200, Duration.ofHours(24), List.of(78), List.of());

    public RestartConfig {
        waitForFixExitCodes = List.copyOf(waitForFixExitCodes);
        waitForFixWatch = List.copyOf(waitForFixWatch);
    }

    /** True when an exit with {@code code} means the bot waits for a fix. */
    public boolean waitsForFix(int code) {
        return waitForFixExitCodes.contains(code);
    }
}
