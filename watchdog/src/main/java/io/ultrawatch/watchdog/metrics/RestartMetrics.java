package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.model.RestartReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Restarts per bot and reason ({@code ultrawatch_bot_restarts_total{bot,reason}}), read from the supervisors' own
 * counts, so a dropped event can never make the metric disagree with the status file. Every reason is registered at
 * 0 from the start: {@code increase()} then sees the first restart too. Counts start from 0 at each watchdog start,
 * which Prometheus treats as a counter reset.
 */
final class RestartMetrics extends PerBotBinder {
    static final String RESTARTS = "ultrawatch.bot.restarts";
    static final String FAILED_STARTS = "ultrawatch.bot.failed.starts";

    RestartMetrics(StatusBoard board) {
        super(board);
    }

    @Override
    List<Meter> register(String bot, MeterRegistry registry) {
        List<Meter> meters = new ArrayList<>();
        for (RestartReason reason : RestartReason.values()) {
            // The board is the (weakly held) measured object; it lives as long as the watchdog.
            meters.add(FunctionCounter.builder(RESTARTS, board,
                            x -> read(bot, b -> b.restartsByReason().getOrDefault(reason, 0L)))
                    .tags("bot", bot, "reason", reason.wireName())
                    .description("Restarts of the bot by reason since the watchdog started").register(registry));
        }
        meters.add(FunctionCounter.builder(FAILED_STARTS, board, x -> read(bot, b -> b.failedStarts()))
                .tag("bot", bot)
                .description("Starts that failed before a process ran (missing folder, env file or command)")
                .register(registry));
        return meters;
    }
}
