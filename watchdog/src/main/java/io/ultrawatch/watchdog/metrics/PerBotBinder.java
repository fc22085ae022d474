package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Meters that exist once per bot: registered when a bot first appears on the board and removed when a reload drops
 * it, so the set of series follows the config and never grows with time. Thread-safety: the board calls back from
 * every supervisor loop; registration is synchronized, the common path (no new bot) only compares names.
 */
abstract class PerBotBinder implements MeterBinder {
    protected final StatusBoard board;
    private final Map<String, List<Meter>> meters = new HashMap<>();
    private volatile Set<String> known = Set.of();
    private MeterRegistry registry;

    PerBotBinder(StatusBoard board) {
        this.board = board;
    }

    @Override
    public final void bindTo(MeterRegistry registry) {
        synchronized (this) {
            this.registry = registry;
        }
        board.onSnapshot(this::onSnapshot);
        // Removals carry no snapshot: only then is the whole board looked through.
        board.onChange(() -> {
            if (board.size() != known.size()) {
                sync(board.bots());
            }
        });
        sync(board.bots());
        changed(board.bots());
    }

    /** One bot changed: O(1), since with 200 bots the board changes hundreds of times a second. */
    private void onSnapshot(BotSnapshot b) {
        if (!known.contains(b.name())) {
            sync(board.bots());
        }
        changed(List.of(b));
    }

    private synchronized void sync(List<BotSnapshot> bots) {
        Set<String> names = new HashSet<>();
        for (BotSnapshot b : bots) {
            names.add(b.name());
            meters.computeIfAbsent(b.name(), n -> register(n, registry));
        }
        meters.entrySet().removeIf(e -> {
            if (names.contains(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        known = Set.copyOf(names);
    }

    /** Registers the meters of one bot and returns them (so they can be removed with it). */
    abstract List<Meter> register(String bot, MeterRegistry registry);

    /** Called on every board change, after registration; for meters fed by changes rather than read at scrape. */
    void changed(List<BotSnapshot> bots) {
    }

    /** The bot's latest snapshot, read at scrape time. */
    Optional<BotSnapshot> snapshot(String bot) {
        return board.snapshot(bot);
    }

    double read(String bot, java.util.function.ToDoubleFunction<BotSnapshot> f) {
        return snapshot(bot).map(f::applyAsDouble).orElse(Double.NaN);
    }
}
