package io.ultrawatch.watchdog.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the watchdog process itself (YAML key {@code watchdog}). The defaults are {@link #DEFAULTS}, whose
 * folders are relative: the loader resolves them against the config file's folder.
 *
 * @param statusDir folder of status.json, pid files, the lock, the control token
 * @param logDir folder of watchdog.log, events.jsonl and the bots' output logs
 * @param statusInterval how often status.json is rewritten even when nothing changed; its {@code heartbeat_at} is
 *     what cron reads to tell a live watchdog from a hung one
 * @param control the HTTP control server (dashboard, API, metrics)
 * @param log rotation of the watchdog's own logs
 */
public record WatchdogSettings(Path statusDir, Path logDir, Duration statusInterval, ControlConfig control,
                               LogConfig log) {
    /**
     * What the keys left out get; the only place these values are written. {@code statusDir} and {@code logDir} are
     * relative here and absolute in a loaded config.
     */
    public static final WatchdogSettings DEFAULTS = new WatchdogSettings(Path.of("status"), Path.of("logs"),
            Duration.ofSeconds(5), ControlConfig.DEFAULTS, LogConfig.DEFAULTS);
}
