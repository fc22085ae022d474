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

    /** {@code b} with another memory limit and crash-loop flag (the rest as it is). */
    private static BotSnapshot with(BotSnapshot b, long memoryLimitMb, boolean crashLooping) {
        return new BotSnapshot(b.name(), b.state(), b.pid(), b.adopted(), b.startedAt(), b.restartsTotal(),
                b.restartsByReason(), b.lastRestart(), b.consecutiveProbeFailures(), b.lastProbe(), b.memoryBytes(),
                memoryLimitMb, b.backoffMillis(), b.nextStartAt(), b.consecutiveFailures(), crashLooping,
                b.observedAt(), b.startsInWindow(), b.heldUntil(), b.degradedSince(), b.failedStarts());
    }

    private Map<String, Double> states(String bot) {
        Map<String, Double> byState = new java.util.TreeMap<>();
        registry.get(BotMetrics.STATE).tag("bot", bot).gauges()
                .forEach(g -> byState.put(g.getId().getTag("state"), g.value()));
        return byState;
    }

    @Test
    void botGaugesReadTheLatestSnapshotAtScrapeTime() {
        new BotMetrics(board).bindTo(registry);
        BotSnapshot running = Snapshots.of("demo", BotState.RUNNING, now());
        board.accept(running);

        assertThat(gauge(BotMetrics.UP, "demo")).isEqualTo(1);
        assertThat(gauge(BotMetrics.MEMORY, "demo")).isEqualTo(100.0 * 1024 * 1024);
        assertThat(gauge(BotMetrics.MEMORY_LIMIT, "demo")).isEqualTo(512.0 * 1024 * 1024);
        // The process's start as a timestamp: it does not move while the process runs.
        double started = running.startedAt().toEpochMilli() / 1000.0;
        assertThat(gauge(BotMetrics.START_TIME, "demo")).isEqualTo(started);
        time.advance(Duration.ofSeconds(10));
        assertThat(gauge(BotMetrics.START_TIME, "demo")).isEqualTo(started);
        assertThat(gauge(BotMetrics.CRASH_LOOPING, "demo")).isZero();

        board.accept(with(Snapshots.of("demo", BotState.BACKOFF, now()), 512, true));
        assertThat(gauge(BotMetrics.UP, "demo")).isZero();
        assertThat(gauge(BotMetrics.START_TIME, "demo")).as("no process runs").isNaN();
        assertThat(gauge(BotMetrics.CRASH_LOOPING, "demo")).isEqualTo(1);
    }

    @Test
    void stateIsAStateSetWithOneSeriesPerStateAndExactlyOneOfThemOne() {
        new BotMetrics(board).bindTo(registry);
        for (BotState state : BotState.values()) {
            board.accept(Snapshots.of("demo", state, now()));

            Map<String, Double> byState = states("demo");
            assertThat(byState).as("in %s", state).containsOnlyKeys("stopped", "starting", "running", "stopping",
                    "backoff", "held", "waiting_for_fix");
            assertThat(byState.entrySet()).as("in %s", state).filteredOn(e -> e.getValue() == 1)
                    .extracting(Map.Entry::getKey).containsExactly(BotMetrics.stateLabel(state));
            assertThat(byState.values()).as("in %s", state).containsOnly(0.0, 1.0);
        }
    }

    @Test
    void theMemoryLimitExistsOnlyForBotsThatHaveOneAndFollowsAReload() {
        new BotMetrics(board).bindTo(registry);
        board.accept(with(Snapshots.of("unlimited", BotState.RUNNING, now()), 0, false));
        board.accept(Snapshots.of("limited", BotState.RUNNING, now()));

        assertThat(registry.find(BotMetrics.MEMORY_LIMIT).tag("bot", "unlimited").gauge()).isNull();
        assertThat(gauge(BotMetrics.MEMORY_LIMIT, "limited")).isEqualTo(512.0 * 1024 * 1024);

        // A reload gives the first a limit and takes the second's away.
        board.accept(with(Snapshots.of("unlimited", BotState.RUNNING, now()), 256, false));
        board.accept(with(Snapshots.of("limited", BotState.RUNNING, now()), 0, false));
        assertThat(gauge(BotMetrics.MEMORY_LIMIT, "unlimited")).isEqualTo(256.0 * 1024 * 1024);
        assertThat(registry.find(BotMetrics.MEMORY_LIMIT).tag("bot", "limited").gauge()).isNull();

        // Dropped with its bot like the other meters, and a bot that comes back gets it again.
        board.remove("unlimited");
        assertThat(registry.find(BotMetrics.MEMORY_LIMIT).gauges()).isEmpty();
        board.accept(with(Snapshots.of("unlimited", BotState.RUNNING, now()), 128, false));
        assertThat(gauge(BotMetrics.MEMORY_LIMIT, "unlimited")).isEqualTo(128.0 * 1024 * 1024);
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

    private double probes(String result) {
        return registry.get(ProbeMetrics.PROBES).tags("bot", "demo", "result", result).counter().count();
    }

    @Test
    void eachProbeIsCountedOnceByResultAndProbesOfAStartingBotDoNotCount() {
        new ProbeMetrics(board).bindTo(registry);
        BotSnapshot starting = Snapshots.of("demo", BotState.STARTING, now());
        board.accept(Snapshots.withProbe(starting, ProbeResult.failure(now(), 1, 0, "connection refused")));
        time.advance(Duration.ofSeconds(1));
        ProbeResult ok = ProbeResult.success(now(), 20, 200);
        BotSnapshot running = Snapshots.withProbe(Snapshots.of("demo", BotState.RUNNING, now()), ok);
        board.accept(running);
        board.accept(running); // a tick republishes the same probe
        time.advance(Duration.ofSeconds(1));
        board.accept(Snapshots.withProbe(running, ProbeResult.degraded(now(), 30, 200, "reconnecting")));
        time.advance(Duration.ofSeconds(1));
        board.accept(Snapshots.withProbe(running, ProbeResult.failure(now(), 300, 0, "timeout after 300 ms")));

        assertThat(probes("ok")).isEqualTo(1);
        assertThat(probes("degraded")).isEqualTo(1);
        assertThat(probes("failed")).as("the refusal while STARTING is not a failure").isEqualTo(1);
        var duration = registry.get(ProbeMetrics.DURATION).tag("bot", "demo").timer();
        // The histogram counts the same probes as the counter, so the two can be divided by each other.
        assertThat(duration.count()).isEqualTo(3);
        assertThat(duration.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(300);
    }

    @Test
    void metersOfABotARemovedConfigDropsAreRemovedSoSeriesDoNotPileUp() {
        new BotMetrics(board).bindTo(registry);
        new RestartMetrics(board).bindTo(registry);
        new ProbeMetrics(board).bindTo(registry);
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
        BotSnapshot demo = Snapshots.withRestarts(Snapshots.of("demo", BotState.RUNNING, now()),
                Map.of(RestartReason.EXITED, 1L));
        board.accept(demo);
        board.accept(with(Snapshots.of("nolimit", BotState.STOPPED, now()), 0, false));

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("ultrawatch_bot_restarts_total{bot=\"demo\",reason=\"exited\"} 1.0",
                "ultrawatch_bot_up{bot=\"demo\"} 1.0", "ultrawatch_bot_memory_bytes{bot=\"demo\"} 1.048576E8",
                "ultrawatch_bot_memory_limit_bytes{bot=\"demo\"} 5.36870912E8",
                "ultrawatch_bot_start_time_seconds{bot=\"demo\"} ",
                "ultrawatch_bot_start_time_seconds{bot=\"nolimit\"} NaN",
                "ultrawatch_bot_backoff_delay_seconds{bot=\"demo\"} 0.0",
                "ultrawatch_bot_state{bot=\"demo\",state=\"running\"} 1.0",
                "ultrawatch_bot_state{bot=\"demo\",state=\"waiting_for_fix\"} 0.0",
                "ultrawatch_bot_crash_looping{bot=\"demo\"} 0.0",
                "ultrawatch_bot_probe_duration_seconds_count{bot=\"demo\"} 0",
                "ultrawatch_bot_probes_total{bot=\"demo\",result=\"failed\"} 0.0",
                "ultrawatch_build_info{java=\"" + System.getProperty("java.version") + "\",revision=\"",
                "version=\"test\"} 1",
                "ultrawatch_watchdog_loop_lag_seconds 0.0", "ultrawatch_watchdog_status_write_failures_total 0.0",
                "ultrawatch_watchdog_event_failures_total 0.0")
                .doesNotContain("process_cpu_time_ns", "system_cpu_count", "ultrawatch_bot_uptime",
                        "probe_latency", "probe_failures", "ultrawatch_bot_memory_limit_bytes{bot=\"nolimit\"}");
        // Every label name is one of the documented few (plus build_info's own and the histogram's le).
        assertThat(java.util.regex.Pattern.compile("[{,]([a-z_]+)=\"").matcher(scrape.lines()
                        .filter(l -> l.startsWith("ultrawatch_") && !l.startsWith("ultrawatch_build_info"))
                        .collect(java.util.stream.Collectors.joining("\n"))).results().map(m -> m.group(1)))
                .isSubsetOf("bot", "reason", "state", "result", "sink", "le");
    }

    @Test
    void theRevisionIsTheBuildsOrUnknownNeverThePlaceholder() {
        assertThat(BuildInfoMetrics.buildRevision()).isNotBlank().doesNotContain("${");
    }
}
