package io.ultrawatch.watchdog.config;

import java.net.URI;
import java.time.Duration;

/**
 * How a bot's health is probed (YAML key {@code health}). The defaults of every field are {@link #DEFAULTS}.
 *
 * @param url the endpoint; any 2xx is healthy
 * @param interval time between probes (at least 100ms; env {@code CHECK_INTERVAL})
 * @param timeout a probe slower than this fails
 * @param failureThreshold consecutive failed probes that restart a running bot
 * @param startupTimeout no 2xx within this long after start restarts the bot
 * @param stopGrace SIGTERM → SIGKILL grace when the bot is stopped for failing its health checks or its startup
 *     timeout; {@code null} (the default) uses {@code stop.grace}. A hung bot seldom exits cleanly, so waiting the
 *     full shutdown grace for it is mostly downtime (Kubernetes' probe-level terminationGracePeriodSeconds)
 */
public record HealthConfig(URI url, Duration interval, Duration timeout, int failureThreshold,
                           Duration startupTimeout, Duration stopGrace) {
    /**
     * What a bot gets for every key it leaves out. The one place these numbers are written: the loader, the tests
     * and the check of {@code watchdog.example.yml}'s comments all read them from here.
     */
    public static final HealthConfig DEFAULTS = new HealthConfig(URI.create("http://127.0.0.1:5001/health"),
            Duration.ofSeconds(5), Duration.ofSeconds(2), 3, Duration.ofSeconds(60), null);

    public HealthConfig(URI url, Duration interval, Duration timeout, int failureThreshold, Duration startupTimeout) {
        this(url, interval, timeout, failureThreshold, startupTimeout, null);
    }

    /** The grace for a stop caused by health: {@link #stopGrace} when set, else the bot's normal one. */
    public Duration stopGraceOr(Duration normal) {
        return stopGrace == null ? normal : stopGrace;
    }
}
