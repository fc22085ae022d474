package io.ultrawatch.health;

import java.util.Objects;

/**
 * The outcome of one health check: a status and a short detail a person can read in the {@code /health} body.
 * Immutable and thread-safe.
 *
 * @param status {@link Status#UP} or {@link Status#DOWN}
 * @param detail a short explanation; never {@code null} ({@code null} becomes the empty string)
 */
public record CheckResult(Status status, String detail) {

    /** Whether a check (or the whole endpoint) is healthy. */
    public enum Status {
        /** Healthy. */
        UP,
        /** Unhealthy: {@code /health} answers 503. */
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

    /** An unhealthy result with the given detail. */
    public static CheckResult down(String detail) {
        return new CheckResult(Status.DOWN, detail);
    }

    /** {@code true} when the status is {@link Status#UP}. */
    public boolean isUp() {
        return status == Status.UP;
    }
}
