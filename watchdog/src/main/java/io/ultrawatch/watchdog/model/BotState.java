package io.ultrawatch.watchdog.model;

/** Where a bot is in its life; the names are part of the status file's contract. */
public enum BotState {
    STOPPED, STARTING, RUNNING, STOPPING, BACKOFF
}
