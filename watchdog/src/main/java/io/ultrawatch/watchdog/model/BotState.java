package io.ultrawatch.watchdog.model;

/** Where a bot is in its life; the names are part of the status file's contract. */
public enum BotState {
    STOPPED, STARTING, RUNNING, STOPPING, BACKOFF,
    /** The start budget is used up: no automatic start until the window frees one; a person may start it. */
    HELD,
    /** Exited with a "cannot run until fixed" code: no restart until one of its inputs changes or a person starts it. */
    WAITING_FOR_FIX
}
