package io.ultrawatch.watchdog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import io.ultrawatch.watchdog.testing.Snapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UltrawatchMetricsTest {
    private final ManualScheduler time = new ManualScheduler();
    private final StatusBoard board = new StatusBoard(new WatchdogInfo(1, "test", time.clock().instant(), "(test)"),
            time.clock());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Instant now() {
        return time.clock().instant();
    }

    private double gauge(String name, String bot) {
        return registry.get(name).tag("bot", bot).gauge().value();
    }

    @Test
    void botGaugesReadTheLatestSnapshotAtScrapeTime() {
        new BotMetrics(board, time.clock()).bindTo(registry);
        board.accept(Snapshots.of("demo", BotState.RUNNING, now()));

        assertThat(gauge(BotMetrics.UP, "demo")).isEqualTo(1);
        assertThat(gauge(BotMetrics.STATE, "demo")).isEqualTo(2);
        assertThat(gauge(BotMetrics.MEMORY, "demo")).isEqualTo(100.0 * 1024 * 1024);
        assertThat(gauge(BotMetrics.MEMORY_LIMIT, "demo")).isEqualTo(512.0 * 1024 * 1024);
        assertThat(gauge(BotMetrics.UPTIME, "demo")).isEqualTo(90);
        time.advance(Duration.ofSeconds(10));
        assertThat(gauge(BotMetrics.UPTIME, "demo")).isEqualTo(100);

        board.accept(Snapshots.of("demo", BotState.BACKOFF, now()));
        assertThat(gauge(BotMetrics.UP, "demo")).isZero();
        assertThat(gauge(BotMetrics.STATE, "demo")).isEqualTo(4);
        assertThat(gauge(BotMetrics.UPTIME, "demo")).isZero();
    }

    @Test
    void stateCodesAreTheDocumentedContract() {
        assertThat(BotState.values()).extracting(BotMetrics::stateCode).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void restartCounterHasEveryReasonFromZeroAndFollowsTheSupervisorsCount() {
        new RestartMetrics(board).bindTo(registry);
        board.accept(Snapshots.of("demo", BotState.RUNNING, now()));
        assertThat(registry.get(RestartMetrics.RESTARTS).tag("bot", "demo").functionCounters())
                .hasSize(RestartReason.values().length).allMatch(c -> c.count() == 0);

        board.accept(Snapshots.withRestarts(Snapshots.of("demo", BotState.RUNNING, now()),
                Map.of(RestartReason.EXITED, 2L, RestartReason.REQUESTED, 1L)));
        assertThat(registry.get(RestartMetrics.RESTARTS).tags("bot", "demo", "reason", "exited").functionCounter()
                .count()).isEqualTo(2);
        assertThat(registry.get(RestartMetrics.RESTARTS).tags("bot", "demo", "reason", "requested")
                .functionCounter().count()).isEqualTo(1);
    }

    @Test
    void eachProbeIsRecordedOnceAndFailuresOfAStartingBotDoNotCount() {
        new ProbeMetrics(board).bindTo(registry);
        BotSnapshot starting = Snapshots.of("demo", BotState.STARTING, now());
        board.accept(Snapshots.withProbe(starting, ProbeResult.failure(now(), 1, 0, "connection refused")));
        time.advance(Duration.ofSeconds(1));
        ProbeResult ok = ProbeResult.success(now(), 20, 200);
        BotSnapshot running = Snapshots.withProbe(Snapshots.of("demo", BotState.RUNNING, now()), ok);
        board.accept(running);
        board.accept(running); // a tick republishes the same probe
        time.advance(Duration.ofSeconds(1));
        board.accept(Snapshots.withProbe(running, ProbeResult.failure(now(), 300, 0, "timeout after 300 ms")));

        var latency = registry.get(ProbeMetrics.LATENCY).tag("bot", "demo").timer();
        assertThat(latency.count()).isEqualTo(3);
        assertThat(latency.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(300);
        assertThat(registry.get(ProbeMetrics.FAILURES).tag("bot", "demo").counter().count()).isEqualTo(1);
    }

    @Test
    void metersOfABotARemovedConfigDropsAreRemovedSoSeriesDoNotPileUp() {
        new BotMetrics(board, time.clock()).bindTo(registry);
        new RestartMetrics(board).bindTo(registry);
        board.accept(Snapshots.of("a", BotState.RUNNING, now()));
        board.accept(Snapshots.of("b", BotState.RUNNING, now()));
        int withTwo = registry.getMeters().size();

        board.remove("b");

        assertThat(registry.getMeters()).hasSize(withTwo / 2)
                .allMatch(m -> "a".equals(m.getId().getTag("bot")));
    }

    @Test
    void loopLagIsTheAgeOfTheOldestHeartbeatAndFailuresAreCounted() {
        AtomicLong writeFailures = new AtomicLong(3);
        EventBus bus = new EventBus(r -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        });
        new WatchdogMetrics(board, time.clock(), writeFailures::get, bus::failures).bindTo(registry);
        board.accept(Snapshots.of("demo", BotState.RUNNING, now()));
        time.advance(Duration.ofMillis(2500));
        bus.publish(null);

        assertThat(registry.get(WatchdogMetrics.LOOP_LAG).gauge().value()).isEqualTo(2.5);
        assertThat(registry.get(WatchdogMetrics.STATUS_WRITE_FAILURES).functionCounter().count()).isEqualTo(3);
        assertThat(registry.get(WatchdogMetrics.EVENT_FAILURES).functionCounter().count()).isEqualTo(1);
    }

    @Test
    void prometheusNamesAreTheDocumentedOnes() {
        var prometheus = UltrawatchMetrics.create(board, new EventBus(Runnable::run), time.clock(), () -> 0);
        board.accept(Snapshots.withRestarts(Snapshots.of("demo", BotState.RUNNING, now()),
                Map.of(RestartReason.EXITED, 1L)));

        assertThat(prometheus.scrape()).contains("ultrawatch_bot_restarts_total{bot=\"demo\",reason=\"exited\"} 1.0",
                "ultrawatch_bot_up{bot=\"demo\"} 1.0", "ultrawatch_bot_memory_bytes{bot=\"demo\"} 1.048576E8",
                "ultrawatch_bot_memory_limit_bytes{bot=\"demo\"}", "ultrawatch_bot_uptime_seconds{bot=\"demo\"} 90.0",
                "ultrawatch_bot_backoff_delay_seconds{bot=\"demo\"} 0.0", "ultrawatch_bot_state{bot=\"demo\"} 2.0",
                "ultrawatch_bot_probe_latency_seconds_count{bot=\"demo\"} 0",
                "ultrawatch_bot_probe_failures_total{bot=\"demo\"} 0.0",
                "ultrawatch_watchdog_loop_lag_seconds 0.0", "ultrawatch_watchdog_status_write_failures_total 0.0",
                "ultrawatch_watchdog_event_failures_total 0.0")
                .doesNotContain("process_cpu_time_ns", "system_cpu_count");
    }
}
