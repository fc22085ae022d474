package io.ultrawatch.watchdog.config;

import java.net.URI;
import java.time.Duration;

/**
 * How a bot's health is checked (YAML key {@code health}). The defaults of every field are {@link #DEFAULTS}.
 *
 * @param check what is looked at: an HTTP endpoint (the default for a single bot), a TCP port, a command, a heartbeat
 *     file, or nothing
 * @param interval time between probes (at least 100ms; env {@code CHECK_INTERVAL})
 * @param timeout a probe slower than this fails
 * @param failureThreshold consecutive failed probes that restart a running bot
 * @param startupTimeout no 2xx within this long after start restarts the bot
 * @param stopGrace SIGTERM → SIGKILL grace when the bot is stopped for failing its health checks or its startup
 *     timeout; {@code null} (the default) uses {@code stop.grace}. A hung bot seldom exits cleanly, so waiting the
 *     full shutdown grace for it is mostly downtime (Kubernetes' probe-level terminationGracePeriodSeconds)
 * @param degradedGrace how long a bot that answers "alive but not ready" (DEGRADED) keeps running before it is
 *     restarted; {@code null} = never. Long by default: a Discord gateway drop is normally healed by the library's
 *     own RESUME, while a restart forces a fresh IDENTIFY, and Discord allows 1000 a day
 */
public record HealthConfig(HealthCheck check, Duration interval, Duration timeout, int failureThreshold,
                           Duration startupTimeout, Duration stopGrace, Duration degradedGrace) {
    /**
     * What a bot gets for every key it leaves out. The one place these numbers are written: the loader, the tests
     * and the check of {@code watchdog.example.yml}'s comments all read them from here.
     */
    public static final HealthConfig DEFAULTS = new HealthConfig(
            new HealthCheck.Http(URI.create("http://127.0.0.1:5001/health")), Duration.ofSeconds(5),
            Duration.ofSeconds(2), 3, Duration.ofSeconds(60), null, Duration.ofMinutes(10));
    /** A {@code type: none} bot counts as started once it has been up this long. */
    public static final Duration DEFAULT_STARTUP_GRACE = Duration.ofSeconds(2);

    /** An HTTP check with the default degraded grace. */
    public HealthConfig(URI url, Duration interval, Duration timeout, int failureThreshold, Duration startupTimeout,
                        Duration stopGrace) {
        this(new HealthCheck.Http(url), interval, timeout, failureThreshold, startupTimeout, stopGrace,
                DEFAULTS.degradedGrace());
    }

    public HealthConfig(URI url, Duration interval, Duration timeout, int failureThreshold, Duration startupTimeout) {
        this(url, interval, timeout, failureThreshold, startupTimeout, null);
    }

    /** The same settings with another check. */
    public HealthConfig withCheck(HealthCheck other) {
        return new HealthConfig(other, interval, timeout, failureThreshold, startupTimeout, stopGrace, degradedGrace);
    }

    /** The same settings with another timeout. */
    public HealthConfig withTimeout(Duration other) {
        return new HealthConfig(check, interval, other, failureThreshold, startupTimeout, stopGrace, degradedGrace);
    }

    /** The URL of an HTTP check, else null. */
    public URI url() {
        return check instanceof HealthCheck.Http h ? h.url() : null;
    }

    /** The grace for a stop caused by health: {@link #stopGrace} when set, else the bot's normal one. */
    public Duration stopGraceOr(Duration normal) {
        return stopGrace == null ? normal : stopGrace;
    }
}
