package io.ultrawatch.watchdog.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the watchdog process itself (YAML key {@code watchdog}).
 *
 * @param statusDir folder of status.json, pid files, the lock, the control token (default {@code status})
 * @param logDir folder of watchdog.log, events.jsonl and the bots' output logs (default {@code logs})
 * @param statusInterval how often status.json is rewritten even when nothing changed; its {@code heartbeat_at} is
 *     what cron reads to tell a live watchdog from a hung one (default 1s)
 * @param control the HTTP control server (dashboard, API, metrics)
 * @param log rotation of the watchdog's own logs
 */
public record WatchdogSettings(Path statusDir, Path logDir, Duration statusInterval, ControlConfig control,
                               LogConfig log) {
}
