/**
 * Micrometer meters for Prometheus ({@code /metrics}): one binder per concern (bots, probes, restarts, the watchdog
 * itself), fed from the status board and the event bus. May import {@code status}, {@code event}, {@code probe},
 * {@code model} and the supervisor's {@code BotSnapshot}; never imported by the supervisor, which stays free of
 * Micrometer.
 */
package io.ultrawatch.watchdog.metrics;
