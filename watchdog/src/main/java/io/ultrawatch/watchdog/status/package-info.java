/**
 * What the watchdog reports: the status board (the latest snapshot of every bot, readable from any thread), the
 * status document with its stable field names, and the writer of {@code status/status.json}. Reads the supervisor's
 * {@code BotSnapshot}; may import {@code probe}, {@code model}, {@code json} and {@code files}; the supervisor never
 * imports it (it publishes through a plain consumer).
 */
package io.ultrawatch.watchdog.status;
