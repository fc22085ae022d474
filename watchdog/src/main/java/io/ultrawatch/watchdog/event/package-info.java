/**
 * What happened, as data: {@link io.ultrawatch.watchdog.event.WatchdogEvent} records and their kinds, the event bus
 * that delivers them to listeners off the supervisors' threads, and the listener that writes them to
 * {@code watchdog.log} and {@code events.jsonl}. Imports only {@code model} and {@code json}; the supervisor publishes
 * into it, outputs subscribe to it.
 */
package io.ultrawatch.watchdog.event;
