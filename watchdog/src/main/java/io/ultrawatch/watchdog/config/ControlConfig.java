package io.ultrawatch.watchdog.config;

/**
 * The control server (YAML key {@code watchdog.control}). The defaults are {@link #DEFAULTS}.
 *
 * @param enabled whether to serve at all
 * @param host address to bind (anything but loopback is logged as a warning)
 * @param port TCP port (0 picks a free one)
 * @param openMetrics whether {@code /metrics} and {@code /healthz} answer without the token
 */
public record ControlConfig(boolean enabled, String host, int port, boolean openMetrics) {
    /** What the keys left out get; the only place these values are written. */
    public static final ControlConfig DEFAULTS = new ControlConfig(true, "127.0.0.1", 8000, true);
}
