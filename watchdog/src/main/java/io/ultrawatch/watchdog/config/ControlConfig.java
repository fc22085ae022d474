package io.ultrawatch.watchdog.config;

/**
 * The control server (YAML key {@code watchdog.control}).
 *
 * @param enabled whether to serve at all (default true)
 * @param host address to bind (default 127.0.0.1; anything else is logged as a warning)
 * @param port TCP port (default 8000; 0 picks a free one)
 * @param openMetrics whether {@code /metrics} and {@code /healthz} answer without the token (default true)
 */
public record ControlConfig(boolean enabled, String host, int port, boolean openMetrics) {
}
