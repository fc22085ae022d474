package io.ultrawatch.watchdog.model;

import java.util.Locale;

/** Why a bot was restarted: one vocabulary for logs, events, the status file and metric labels. */
public enum RestartReason {
    EXITED(true),
    HEALTH_CHECK_FAILED(true),
    STARTUP_TIMEOUT(true),
    MEMORY_LIMIT(true),
    REQUESTED(false),
    SCHEDULED(false),
    CONFIG_CHANGED(false);

    private final boolean failure;

    RestartReason(boolean failure) {
        this.failure = failure;
    }

    /** A failure grows the backoff; a requested, scheduled or config restart does not. */
    public boolean isFailure() {
        return failure;
    }

    /** The lower-case name used on the wire: {@code health_check_failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
