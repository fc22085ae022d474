package io.ultrawatch.health;

import java.util.Objects;

/**
 * The outcome of one health check: a status and a short detail a person can read in the {@code /health} body.
 * Immutable and thread-safe.
 *
 * <p>Three states: {@link #up UP} (ready), {@link #degraded DEGRADED} (alive but not ready, and healing by itself:
 * the endpoint still answers 200, so the watchdog leaves the bot alone) and {@link #down DOWN} (useless until
 * restarted: the endpoint answers 503). Pick DEGRADED for a state that a restart would make worse, such as a Discord
 * gateway drop the library's own RESUME will heal: killing the bot forces a fresh IDENTIFY, and Discord allows 1000
 * a day.
 *
 * @param status {@link Status#UP}, {@link Status#DEGRADED} or {@link Status#DOWN}
 * @param detail a short explanation; never {@code null} ({@code null} becomes the empty string)
 */
public record CheckResult(Status status, String detail) {

    /** Whether a check (or the whole endpoint) is healthy. */
    public enum Status {
        /** Healthy. */
        UP,
        /**
         * Alive but not ready, and expected to recover without a restart: {@code /health} still answers 200, with
         * {@code "status":"DEGRADED"} in its body (unless another check is DOWN).
         */
        DEGRADED,
        /** Unhealthy: {@code /health} answers 503. Wins over DEGRADED. */
        DOWN
    }

    /** Validates the status and replaces a {@code null} detail by the empty string. */
    public CheckResult {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** A healthy result with the given detail. */
    public static CheckResult up(String detail) {
        return new CheckResult(Status.UP, detail);
    }

    /**
     * Alive but not ready, healing by itself (a gateway reconnect the library resumes on its own): {@code /health}
     * answers 200 with {@code "status":"DEGRADED"}, so the watchdog does not restart the bot. Use {@link #down} when
     * only a restart helps.
     */
    public static CheckResult degraded(String detail) {
        return new CheckResult(Status.DEGRADED, detail);
    }

    /** An unhealthy result with the given detail. */
    public static CheckResult down(String detail) {
        return new CheckResult(Status.DOWN, detail);
    }

    /** {@code true} when the status is {@link Status#UP}. */
    public boolean isUp() {
        return status == Status.UP;
    }

    /** {@code true} when the status is {@link Status#DOWN} (a DEGRADED result is not down). */
    public boolean isDown() {
        return status == Status.DOWN;
    }
}
