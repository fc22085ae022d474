package io.ultrawatch.watchdog.model;

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
    /** Alive but not ready (a DEGRADED answer): kept running for {@code health.degraded_grace}. */
    DEGRADED(Level.WARN),
    /** Ready again after being degraded. */
    READY(Level.INFO),
    PROBE_FAILED(Level.WARN),
    MEMORY_HIGH(Level.WARN),
    RESTART(Level.WARN),
    STOPPING(Level.INFO),
    KILLED(Level.WARN),
    /** Processes SIGKILL has not ended for a while (uninterruptible sleep): the bot goes on, they keep getting it. */
    STOP_STUCK(Level.ERROR),
    STOPPED(Level.INFO),
    BACKOFF(Level.INFO),
    START_FAILED(Level.ERROR),
    /** Failures in a row reached the crash-looping mark (one definition: the supervisor's {@code Lifecycle}). */
    CRASH_LOOPING(Level.WARN),
    /** Healthy again after failures: ends a crash loop or any run of failed starts. */
    RECOVERED(Level.INFO),
    /** The start budget is used up: the bot is not started again until the window frees a start or a person does. */
    HELD(Level.ERROR),
    /** The bot exited with a "cannot run until fixed" code: it waits for one of its inputs to change. */
    WAITING_FOR_FIX(Level.ERROR),
    /** This watchdog was started by cron because the previous one was dead or hung; the details say why. */
    WATCHDOG_REVIVED(Level.WARN),
    RELOAD(Level.INFO),
    /** A notify bot said something worth a line: STOPPING=1, EXTEND_TIMEOUT_USEC=, an accepted MAINPID=. */
    NOTIFY(Level.INFO),
    /** A notify bot's message was refused: MAINPID= of a process outside its tree, a second extension. */
    NOTIFY_REFUSED(Level.WARN);

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
