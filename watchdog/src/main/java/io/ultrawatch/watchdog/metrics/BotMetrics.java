package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What each bot is doing, read from the status board at scrape time: up, state, memory and its limit, uptime, the
 * backoff being waited and the failures in a row. Tag: {@code bot}.
 */
final class BotMetrics extends PerBotBinder {
    static final String UP = "ultrawatch.bot.up";
    static final String STATE = "ultrawatch.bot.state";
    static final String MEMORY = "ultrawatch.bot.memory";
    static final String MEMORY_LIMIT = "ultrawatch.bot.memory.limit";
    static final String UPTIME = "ultrawatch.bot.uptime";
    static final String BACKOFF_DELAY = "ultrawatch.bot.backoff.delay";
    static final String CONSECUTIVE_FAILURES = "ultrawatch.bot.consecutive.failures";
    static final String STARTS_IN_WINDOW = "ultrawatch.bot.starts.in.window";
    static final String HELD = "ultrawatch.bot.held";
    static final String READY = "ultrawatch.bot.ready";

    private final Clock clock;

    BotMetrics(StatusBoard board, Clock clock) {
        super(board);
        this.clock = clock;
    }

    /**
     * The state as a number, because a {@code state} tag would break the rule that tags are only {@code bot} and
     * {@code reason}. The codes are a contract with dashboards and alerts: add, never renumber.
     */
    static int stateCode(BotState state) {
        return switch (state) {
            case STOPPED -> 0;
            case STARTING -> 1;
            case RUNNING -> 2;
            case STOPPING -> 3;
            case BACKOFF -> 4;
            case HELD -> 5;
            case WAITING_FOR_FIX -> 6;
        };
    }

    @Override
    List<Meter> register(String bot, MeterRegistry registry) {
        return List.of(
                Gauge.builder(UP, () -> read(bot, b -> b.state() == BotState.RUNNING ? 1 : 0)).tag("bot", bot)
                        .description("1 while the bot is RUNNING (started and healthy), else 0").register(registry),
                Gauge.builder(STATE, () -> read(bot, b -> stateCode(b.state()))).tag("bot", bot)
                        .description("0 stopped, 1 starting, 2 running, 3 stopping, 4 backoff, 5 held,"
                                + " 6 waiting for a fix")
                        .register(registry),
                Gauge.builder(MEMORY, () -> read(bot, b -> b.memoryBytes() == null ? Double.NaN : b.memoryBytes()))
                        .tag("bot", bot).baseUnit("bytes").description("Resident memory of the bot's process tree")
                        .register(registry),
                Gauge.builder(MEMORY_LIMIT, () -> read(bot, b -> b.memoryLimitMb() * 1024.0 * 1024.0))
                        .tag("bot", bot).baseUnit("bytes").description("Memory limit that triggers a restart (0: none)")
                        .register(registry),
                Gauge.builder(UPTIME, () -> read(bot, this::uptimeSeconds)).tag("bot", bot).baseUnit("seconds")
                        .description("Seconds since the current process started (0 when none runs)")
                        .register(registry),
                Gauge.builder(BACKOFF_DELAY, () -> read(bot, b -> b.backoffMillis() / 1000.0)).tag("bot", bot)
                        .baseUnit("seconds").description("Delay being waited before the next start (0 outside BACKOFF)")
                        .register(registry),
                Gauge.builder(CONSECUTIVE_FAILURES, () -> read(bot, BotSnapshot::consecutiveFailures))
                        .tag("bot", bot).description("Failed starts or crashes in a row; 3 or more is a crash loop")
                        .register(registry),
                Gauge.builder(STARTS_IN_WINDOW, () -> read(bot, BotSnapshot::startsInWindow)).tag("bot", bot)
                        .description("Starts counted by the start budget (restart.max_starts per max_starts_window)")
                        .register(registry),
                Gauge.builder(READY, () -> read(bot, b -> b.state() == BotState.RUNNING && b.degradedSince() == null
                        ? 1 : 0)).tag("bot", bot)
                        .description("1 while the bot is RUNNING and ready, 0 when degraded (alive, not ready) or down")
                        .register(registry),
                Gauge.builder(HELD, () -> read(bot, b -> b.state() == BotState.HELD ? 1 : 0)).tag("bot", bot)
                        .description("1 while the start budget holds the bot (HELD), else 0").register(registry));
    }

    private double uptimeSeconds(BotSnapshot b) {
        boolean up = b.state() == BotState.RUNNING || b.state() == BotState.STARTING;
        return up && b.startedAt() != null ? Duration.between(b.startedAt(), clock.instant()).toMillis() / 1000.0 : 0;
    }
}
