package io.ultrawatch.watchdog.control;

import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the control API reads: the status document, one bot, the watchdog's liveness. Thread-safe. */
public interface StatusReader {
    /** The whole status document, as in {@code status.json}. */
    Map<String, Object> document();

    /** One bot's entry of {@link #document()}, built without the others; empty until the bot has reported. */
    Optional<Map<String, Object>> botDocument(String bot);

    /** The bot's latest snapshot; empty until it has reported. */
    Optional<BotSnapshot> snapshot(String bot);

    /** The oldest moment any supervisor loop last ran: it stops advancing when the watchdog hangs. */
    Instant heartbeat();

    WatchdogInfo info();

    /**
     * True while the watchdog cannot write its status files (a full disk): its heartbeat file goes stale although it
     * supervises on, and {@code /healthz} says so for cron.
     */
    default boolean statusWriteFailing() {
        return false;
    }
}
