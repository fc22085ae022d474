package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health probes per bot: how long each took ({@code ultrawatch_bot_probe_duration_seconds}, a histogram with a few
 * fixed buckets, not Micrometer's ~70, to keep the scrape small) and how many there were by result
 * ({@code ultrawatch_bot_probes_total{result="ok|degraded|failed"}}), so a failure ratio is one division.
 *
 * <p>Fed by the board, which keeps the supervisor free of Micrometer: the supervisor publishes a snapshot after every
 * probe, and every snapshot carrying a probe not seen before records it once. Probes of a bot still STARTING are not
 * counted at all: it refuses them by design, and counting them would make every restart look like an outage in the
 * failure ratio. So {@code sum by (bot) (probes_total)} equals the histogram's {@code _count}.
 */
final class ProbeMetrics extends PerBotBinder {
    static final String DURATION = "ultrawatch.bot.probe.duration";
    static final String PROBES = "ultrawatch.bot.probes";
    static final String OK = "ok";
    static final String DEGRADED = "degraded";
    static final String FAILED = "failed";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Timer> duration = new ConcurrentHashMap<>();
    /** Per bot, the counters by result. */
    private final Map<String, Map<String, Counter>> probes = new ConcurrentHashMap<>();

    ProbeMetrics(StatusBoard board) {
        super(board);
    }

    static String result(ProbeResult p) {
        return !p.ok() ? FAILED : p.degraded() ? DEGRADED : OK;
    }

    @Override
    List<Meter> register(String bot, MeterRegistry registry) {
        Timer t = Timer.builder(DURATION).tag("bot", bot).serviceLevelObjectives(BUCKETS)
                .description("Time the bot's health check took to answer (or to fail)").register(registry);
        // All three results from 0, so increase() sees the first failure too.
        Map<String, Counter> byResult = new HashMap<>();
        List<Meter> meters = new ArrayList<>(List.of(t));
        for (String result : List.of(OK, DEGRADED, FAILED)) {
            Counter c = Counter.builder(PROBES).tags("bot", bot, "result", result)
                    .description("Health checks of a started bot by result: ok, degraded (alive, not ready), failed"
                            + " (timeout, refused, non-2xx)")
                    .register(registry);
            byResult.put(result, c);
            meters.add(c);
        }
        duration.put(bot, t);
        probes.put(bot, byResult);
        lastSeen.remove(bot);
        return meters;
    }

    @Override
    void changed(List<BotSnapshot> bots) {
        for (BotSnapshot b : bots) {
            ProbeResult p = b.lastProbe();
            // put() is atomic: when two loops see the same new probe, only one gets the old time back and records it.
            if (p == null || p.at().equals(lastSeen.put(b.name(), p.at())) || b.state() == BotState.STARTING) {
                continue;
            }
            Timer t = duration.get(b.name());
            Map<String, Counter> byResult = probes.get(b.name());
            if (t == null || byResult == null) {
                continue;
            }
            t.record(Duration.ofNanos(Math.round(p.latencyMs() * 1_000_000)));
            byResult.get(result(p)).increment();
        }
    }
}
