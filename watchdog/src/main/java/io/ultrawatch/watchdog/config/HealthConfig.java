package io.ultrawatch.watchdog.config;

import java.net.URI;
import java.time.Duration;

/**
 * How a bot's health is probed (YAML key {@code health}).
 *
 * @param url the endpoint; any 2xx is healthy (default {@code http://127.0.0.1:5001/health})
 * @param interval time between probes (default 5s, at least 100ms; env {@code CHECK_INTERVAL})
 * @param timeout a probe slower than this fails (default 2s)
 * @param failureThreshold consecutive failed probes that restart a running bot (default 3)
 * @param startupTimeout no 2xx within this long after start restarts the bot (default 60s)
 */
public record HealthConfig(URI url, Duration interval, Duration timeout, int failureThreshold,
                           Duration startupTimeout) {
}
