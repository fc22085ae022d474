/**
 * Logging setup (Logback: {@code watchdog.log} and {@code events.jsonl}, rotated) and the copy-truncate rotation of
 * the bots' own output logs, and reading those back (the last lines, lines since a time, following through a
 * rotation) for {@code ultrawatch logs} and the dashboard's output pane. Imports only {@code config}.
 */
package io.ultrawatch.watchdog.log;
