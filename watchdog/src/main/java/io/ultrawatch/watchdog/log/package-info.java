/**
 * Logging setup (Logback: {@code watchdog.log} and {@code events.jsonl}, rotated) and the copy-truncate rotation of
 * the bots' own output logs. Imports only {@code config}.
 */
package io.ultrawatch.watchdog.log;
