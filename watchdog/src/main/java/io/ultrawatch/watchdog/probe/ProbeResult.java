package io.ultrawatch.watchdog.probe;

import java.time.Instant;

/**
 * One health probe's outcome.
 *
 * @param status the HTTP status, or 0 when no answer came (timeout, refused)
 * @param error what went wrong in words ("timeout after 1000 ms", "HTTP 503", "connection refused"), or null
 */
public record ProbeResult(Instant at, boolean ok, double latencyMs, int status, String error) {
    public static ProbeResult success(Instant at, double latencyMs, int status) {
        return new ProbeResult(at, true, latencyMs, status, null);
    }

    public static ProbeResult failure(Instant at, double latencyMs, int status, String error) {
        return new ProbeResult(at, false, latencyMs, status, error);
    }
}
