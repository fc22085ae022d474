package io.ultrawatch.watchdog.event;

import java.util.Locale;

/** What happened; each kind has the log level of its human line. */
public enum EventKind {
    WATCHDOG_STARTED(Level.INFO),
    WATCHDOG_STOPPING(Level.INFO),
    CONFIG_RELOADED(Level.INFO),
    CONFIG_INVALID(Level.ERROR),
    STARTING(Level.INFO),
    ADOPTED(Level.INFO),
    HEALTHY(Level.INFO),
    PROBE_FAILED(Level.WARN),
    MEMORY_HIGH(Level.WARN),
    RESTART(Level.WARN),
    STOPPING(Level.INFO),
    KILLED(Level.WARN),
    /** Processes of a tree that SIGKILL has not ended for a while (uninterruptible sleep): the bot stays STOPPING. */
    STOP_STUCK(Level.ERROR),
    STOPPED(Level.INFO),
    BACKOFF(Level.INFO),
    START_FAILED(Level.ERROR),
    RELOAD(Level.INFO);

    /** Log levels without tying the event model to a logging library. */
    public enum Level { INFO, WARN, ERROR }

    private final Level level;

    EventKind(Level level) {
        this.level = level;
    }

    public Level level() {
        return level;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
