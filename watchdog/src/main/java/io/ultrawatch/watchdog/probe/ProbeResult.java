package io.ultrawatch.watchdog.probe;

import java.time.Instant;

/**
 * One health check's outcome.
 *
 * @param ok the bot is alive (healthy or degraded)
 * @param degraded alive but not ready: an HTTP 2xx whose JSON says {@code "status":"DEGRADED"}, or an exec check's
 *     exit code 2; the bot is kept running (see {@code health.degraded_grace})
 * @param status the HTTP status or the exec check's exit code, or 0 when there was none (timeout, refused)
 * @param error what went wrong in words ("timeout after 1000 ms", "HTTP 503", "connection refused"), or null; for a
 *     degraded answer, what the bot said about it when it said something
 */
public record ProbeResult(Instant at, boolean ok, boolean degraded, double latencyMs, int status, String error) {
    public static ProbeResult success(Instant at, double latencyMs, int status) {
        return new ProbeResult(at, true, false, latencyMs, status, null);
    }

    public static ProbeResult degraded(Instant at, double latencyMs, int status, String detail) {
        return new ProbeResult(at, true, true, latencyMs, status, detail);
    }

    public static ProbeResult failure(Instant at, double latencyMs, int status, String error) {
        return new ProbeResult(at, false, false, latencyMs, status, error);
    }
}
