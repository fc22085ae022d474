/**
 * Reading {@code events.jsonl} back: the newest events first, filtered by bot, kind and time, with a bounded scan
 * however large the logs grew. Used by the API, the chart history and {@code ultrawatch events} (which works while
 * the watchdog is down). Imports only {@code json} and {@code config} (duration parsing).
 */
package io.ultrawatch.watchdog.eventlog;
