package io.ultrawatch.watchdog.event;

import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to the watchdog or a bot. Immutable; every output (human log, events.jsonl, metrics,
 * the dashboard, notifiers) is a listener of these.
 *
 * @param bot the bot's name, or null for the watchdog itself
 * @param reason set on restarts, else null
 * @param message one line a person reads, the same as in watchdog.log; never holds a secret
 * @param details machine-readable extras (pid, exit_code, delay_ms, ...)
 */
public record WatchdogEvent(Instant at, String bot, EventKind kind, RestartReason reason, String message,
                            Map<String, Object> details) {
    public WatchdogEvent {
        details = Map.copyOf(details);
    }
}
