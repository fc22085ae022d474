package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ultrawatch.watchdog.status.StatusBoard;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The watchdog's own health: loop lag (age of the oldest supervisor heartbeat: it grows without bound when a loop is
 * stuck, and cron treats a stale heartbeat as a hung watchdog), status-file write failures and event-bus failures
 * (dropped events or listeners that threw).
 */
final class WatchdogMetrics implements MeterBinder {
    static final String LOOP_LAG = "ultrawatch.watchdog.loop.lag";
    static final String STATUS_WRITE_FAILURES = "ultrawatch.watchdog.status.write.failures";
    static final String EVENT_FAILURES = "ultrawatch.watchdog.event.failures";

    private final StatusBoard board;
    private final Clock clock;
    private final LongSupplier statusWriteFailures;
    private final LongSupplier eventFailures;

    /** @param statusWriteFailures failed writes of status.json, or null when the writer is not reachable */
    WatchdogMetrics(StatusBoard board, Clock clock, LongSupplier statusWriteFailures, LongSupplier eventFailures) {
        this.board = board;
        this.clock = clock;
        this.statusWriteFailures = statusWriteFailures;
        this.eventFailures = eventFailures;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Micrometer holds the measured object weakly and the function strongly: the board lives as long as the
        // watchdog, and the suppliers ride in the functions, so nothing here can be collected and read NaN.
        Gauge.builder(LOOP_LAG, board, b -> Math.max(0, Duration.between(b.heartbeat(), clock.instant())
                        .toMillis() / 1000.0))
                .baseUnit("seconds").description("Age of the oldest supervisor loop heartbeat").register(registry);
        if (statusWriteFailures != null) {
            FunctionCounter.builder(STATUS_WRITE_FAILURES, board, b -> statusWriteFailures.getAsLong())
                    .description("Failed writes of status.json (supervision goes on)").register(registry);
        }
        FunctionCounter.builder(EVENT_FAILURES, board, b -> eventFailures.getAsLong())
                .description("Events dropped on a full queue or listener calls that threw").register(registry);
    }
}
