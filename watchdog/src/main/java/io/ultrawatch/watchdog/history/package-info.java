/**
 * The time series behind the dashboard's charts: memory, limit and probe latency per bot at a fixed resolution,
 * plus restarts, kept in bounded rings and saved to {@code status/history.json} so a watchdog restart keeps them.
 * Reads the status board, the event bus and the event log; may import {@code status}, {@code event},
 * {@code eventlog}, the supervisor's {@code BotSnapshot} and the lower packages. Served by {@code control}.
 */
package io.ultrawatch.watchdog.history;
