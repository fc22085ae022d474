package io.ultrawatch.watchdog.status;

import java.time.Instant;

/** The watchdog's identity in the status file. */
public record WatchdogInfo(long pid, String version, Instant startedAt, String config) {
}
