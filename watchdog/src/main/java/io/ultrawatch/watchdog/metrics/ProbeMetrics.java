package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health probe latency (a histogram with a few fixed buckets, not Micrometer's ~70, to keep the scrape small) and
 * failures per bot (not counting the refusals of a bot still starting). Fed by the board: every snapshot carrying a probe not seen before records it once.
 */
final class ProbeMetrics extends PerBotBinder {
    static final String LATENCY = "ultrawatch.bot.probe.latency";
    static final String FAILURES = "ultrawatch.bot.probe.failures";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    ProbeMetrics(StatusBoard board) {
        super(board);
    }

    @Override
    List<Meter> register(String bot, MeterRegistry registry) {
        Timer t = Timer.builder(LATENCY).tag("bot", bot).serviceLevelObjectives(BUCKETS)
                .description("Time the bot's health endpoint took to answer (or to fail)").register(registry);
        Counter c = Counter.builder(FAILURES).tag("bot", bot)
                .description("Health probes that failed (timeout, refused, non-2xx)").register(registry);
        latency.put(bot, t);
        failures.put(bot, c);
        lastSeen.remove(bot);
        return List.of(t, c);
    }

    @Override
    void changed(List<BotSnapshot> bots) {
        for (BotSnapshot b : bots) {
            ProbeResult p = b.lastProbe();
            // put() is atomic: when two loops see the same new probe, only one gets the old time back and records it.
            if (p == null || p.at().equals(lastSeen.put(b.name(), p.at()))) {
                continue;
            }
            Timer t = latency.get(b.name());
            if (t != null) {
                t.record(Duration.ofNanos(Math.round(p.latencyMs() * 1_000_000)));
            }
            Counter c = failures.get(b.name());
            // A bot that is still booting refuses probes by design; only failures of a started bot count.
            if (!p.ok() && c != null && b.state() != BotState.STARTING) {
                c.increment();
            }
        }
    }
}
