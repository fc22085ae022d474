package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each bot is doing, read from the status board at scrape time: up, state, memory and its limit, the start time
 * of its process, the backoff being waited, the failures in a row, crash looping and the start budget. Tags:
 * {@code bot}, and {@code state} on the state set.
 */
final class BotMetrics extends PerBotBinder {
    static final String UP = "ultrawatch.bot.up";
    static final String STATE = "ultrawatch.bot.state";
    static final String MEMORY = "ultrawatch.bot.memory";
    static final String MEMORY_LIMIT = "ultrawatch.bot.memory.limit";
    static final String START_TIME = "ultrawatch.bot.start.time";
    static final String BACKOFF_DELAY = "ultrawatch.bot.backoff.delay";
    static final String CONSECUTIVE_FAILURES = "ultrawatch.bot.consecutive.failures";
    static final String CRASH_LOOPING = "ultrawatch.bot.crash.looping";
    static final String STARTS_IN_WINDOW = "ultrawatch.bot.starts.in.window";
    static final String HELD = "ultrawatch.bot.held";
    static final String READY = "ultrawatch.bot.ready";
    private static final double MIB = 1024.0 * 1024.0;

    BotMetrics(StatusBoard board) {
        super(board);
    }

    /** The {@code state} label's value: the state's name in lower case ({@code waiting_for_fix}). */
    static String stateLabel(BotState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    List<Meter> register(String bot, MeterRegistry registry) {
        List<Meter> meters = new ArrayList<>();
        // A StateSet: one series per state, exactly one of them 1. A number per state would need a lookup table in
        // every query; this way "in any of these states" is a plain label matcher and sum() over bots counts them.
        for (BotState s : BotState.values()) {
            meters.add(Gauge.builder(STATE, () -> read(bot, b -> b.state() == s ? 1 : 0))
                    .tags("bot", bot, "state", stateLabel(s))
                    .description("1 for the state the bot is in, 0 for the others (state: stopped, starting,"
                            + " running, stopping, backoff, held, waiting_for_fix)")
                    .register(registry));
        }
        meters.addAll(List.of(
                Gauge.builder(UP, () -> read(bot, b -> b.state() == BotState.RUNNING ? 1 : 0)).tag("bot", bot)
                        .description("1 while the bot is RUNNING (started and healthy), else 0").register(registry),
                Gauge.builder(MEMORY, () -> read(bot, b -> b.memoryBytes() == null ? Double.NaN : b.memoryBytes()))
                        .tag("bot", bot).baseUnit("bytes").description("Resident memory of the bot's process tree")
                        .register(registry),
                // NaN, not 0, while no process runs: 0 would read as "started in 1970", and time() - start_time
                // would show 56 years of uptime. NaN keeps the series continuous (guidance: avoid missing metrics)
                // and every comparison with it is false.
                Gauge.builder(START_TIME, () -> read(bot, BotMetrics::startTimeSeconds)).tag("bot", bot)
                        .baseUnit("seconds")
                        .description("Unix time the bot's current process started (NaN while none runs)")
                        .register(registry),
                Gauge.builder(BACKOFF_DELAY, () -> read(bot, b -> b.backoffMillis() / 1000.0)).tag("bot", bot)
                        .baseUnit("seconds").description("Delay being waited before the next start (0 outside BACKOFF)")
                        .register(registry),
                Gauge.builder(CONSECUTIVE_FAILURES, () -> read(bot, BotSnapshot::consecutiveFailures))
                        .tag("bot", bot).description("Failed starts or crashes in a row; 3 or more is a crash loop")
                        .register(registry),
                Gauge.builder(CRASH_LOOPING, () -> read(bot, b -> b.crashLooping() ? 1 : 0)).tag("bot", bot)
                        .description("1 while the bot fails again right after each start (a crash loop), else 0")
                        .register(registry),
                Gauge.builder(STARTS_IN_WINDOW, () -> read(bot, BotSnapshot::startsInWindow)).tag("bot", bot)
                        .description("Starts counted by the start budget (restart.max_starts per max_starts_window)")
                        .register(registry),
                Gauge.builder(READY, () -> read(bot, b -> b.state() == BotState.RUNNING && b.degradedSince() == null
                        ? 1 : 0)).tag("bot", bot)
                        .description("1 while the bot is RUNNING and ready, 0 when degraded (alive, not ready) or down")
                        .register(registry),
                Gauge.builder(HELD, () -> read(bot, b -> b.state() == BotState.HELD ? 1 : 0)).tag("bot", bot)
                        .description("1 while the start budget holds the bot (HELD), else 0").register(registry)));
        return meters;
    }

    /**
     * The limit exists only for bots that have one: a 0 ("no limit") would make {@code memory > 0.9 * limit} true for
     * every unlimited bot. A reload can add or drop a limit, so the series follows each snapshot.
     */
    @Override
    void changed(List<BotSnapshot> bots) {
        for (BotSnapshot b : bots) {
            if ((b.memoryLimitMb() > 0) != has(b.name(), MEMORY_LIMIT)) {
                optional(b.name(), MEMORY_LIMIT, s -> s.memoryLimitMb() > 0, registry -> Gauge.builder(MEMORY_LIMIT,
                                // NaN in the instant between a reload dropping the limit and the series going.
                                () -> read(b.name(), s -> s.memoryLimitMb() > 0 ? s.memoryLimitMb() * MIB : Double.NaN))
                        .tag("bot", b.name()).baseUnit("bytes")
                        .description("Memory limit that triggers a restart (only for bots that have one)")
                        .register(registry));
            }
        }
    }

    /** A process runs exactly when there is a pid (STARTING, RUNNING, STOPPING; adopted ones too). */
    private static double startTimeSeconds(BotSnapshot b) {
        return b.pid() != null && b.startedAt() != null ? b.startedAt().toEpochMilli() / 1000.0 : Double.NaN;
    }
}
