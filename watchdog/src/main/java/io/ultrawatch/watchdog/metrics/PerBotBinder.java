package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Meters that exist once per bot: registered when a bot first appears on the board and removed when a reload drops
 * it, so the set of series follows the config and never grows with time. Thread-safety: the board calls back from
 * every supervisor loop; registration is synchronized, the common path (no new bot) only compares names.
 */
abstract class PerBotBinder implements MeterBinder {
    protected final StatusBoard board;
    /** Concurrent so that {@link #has} can be asked on the common path without the lock. */
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();
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
            meters.computeIfAbsent(b.name(), n -> new CopyOnWriteArrayList<>(register(n, registry)));
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

    /** Whether the bot's meters include one named {@code name}; lock-free, for the common path of {@link #changed}. */
    boolean has(String bot, String name) {
        List<Meter> list = meters.get(bot);
        return list != null && list.stream().anyMatch(m -> m.getId().getName().equals(name));
    }

    /**
     * Adds or removes a meter that only some bots have (or a bot only some of the time): present while
     * {@code wanted} holds for the bot's latest snapshot. Decided under the lock from the board's latest snapshot, so
     * two loops racing with older snapshots cannot leave the wrong answer, and a bot already dropped gets nothing.
     */
    synchronized void optional(String bot, String name, Predicate<BotSnapshot> wanted,
                               Function<MeterRegistry, Meter> register) {
        List<Meter> list = meters.get(bot);
        if (list == null) {
            return;
        }
        boolean want = snapshot(bot).filter(wanted).isPresent();
        Optional<Meter> have = list.stream().filter(m -> m.getId().getName().equals(name)).findFirst();
        if (want && have.isEmpty()) {
            list.add(register.apply(registry));
        } else if (!want && have.isPresent()) {
            registry.remove(have.get());
            list.remove(have.get());
        }
    }

    /** The bot's latest snapshot, read at scrape time. */
    Optional<BotSnapshot> snapshot(String bot) {
        return board.snapshot(bot);
    }

    double read(String bot, java.util.function.ToDoubleFunction<BotSnapshot> f) {
        return snapshot(bot).map(f::applyAsDouble).orElse(Double.NaN);
    }
}
