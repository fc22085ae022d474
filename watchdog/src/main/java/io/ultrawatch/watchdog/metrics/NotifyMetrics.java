package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ultrawatch.watchdog.notify.SinkStatus;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * {@code ultrawatch_notifications_total{sink,result}}: per notification sink, the messages sent, failed (given up on)
 * and dropped (queue full), read from the notifier at scrape time. The sinks are fixed for the life of a watchdog
 * ({@code notify} changes apply at its next start), so the series are registered once. Bound only when the config
 * has sinks.
 */
public final class NotifyMetrics implements MeterBinder {
    static final String NOTIFICATIONS = "ultrawatch.notifications";

    private final Supplier<List<SinkStatus>> sinks;

    public NotifyMetrics(Supplier<List<SinkStatus>> sinks) {
        this.sinks = sinks;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (SinkStatus s : sinks.get()) {
            counter(registry, s.name(), "sent", SinkStatus::sent);
            counter(registry, s.name(), "failed", SinkStatus::failed);
            counter(registry, s.name(), "dropped", SinkStatus::dropped);
        }
    }

    private void counter(MeterRegistry registry, String sink, String result, ToLongFunction<SinkStatus> count) {
        FunctionCounter.builder(NOTIFICATIONS, sinks, list -> list.get().stream().filter(s -> s.name().equals(sink))
                        .mapToLong(count).sum())
                .tag("sink", sink).tag("result", result)
                .description("Notification messages by sink: sent, failed (given up on after retries), dropped"
                        + " (queue full)")
                .register(registry);
    }
}
