package io.ultrawatch.watchdog.status;

import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The latest snapshot of every bot, readable from any thread. Supervisors publish into it; the status file, the API
 * and the metrics read from it. Subscribers hear of every change (they must return quickly).
 */
public final class StatusBoard implements Consumer<BotSnapshot> {
    private final Map<String, BotSnapshot> bots = new ConcurrentHashMap<>();
    private final List<Runnable> onChange = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final WatchdogInfo info;
    private final Clock clock;
    private final AtomicReference<String> configError = new AtomicReference<>();

    public StatusBoard(WatchdogInfo info, Clock clock) {
        this.info = info;
        this.clock = clock;
    }

    @Override
    public void accept(BotSnapshot snapshot) {
        bots.put(snapshot.name(), snapshot);
        onChange.forEach(Runnable::run);
    }

    public void remove(String bot) {
        bots.remove(bot);
        onChange.forEach(Runnable::run);
    }

    public void onChange(Runnable listener) {
        onChange.add(listener);
    }

    /** Shown in the status while the config file on disk is invalid and the previous one still runs. */
    public void setConfigError(String error) {
        configError.set(error);
        onChange.forEach(Runnable::run);
    }

    public List<BotSnapshot> bots() {
        List<BotSnapshot> list = new ArrayList<>(bots.values());
        list.sort(Comparator.comparing(BotSnapshot::name));
        return list;
    }

    public WatchdogInfo info() {
        return info;
    }

    /** The oldest moment any supervisor loop last ran, or now when there is no bot. */
    public Instant heartbeat() {
        Instant now = clock.instant();
        return bots.values().stream().map(BotSnapshot::observedAt).filter(t -> t != null)
                .min(Comparator.naturalOrder()).orElse(now);
    }

    public Map<String, Object> document() {
        return StatusDocument.build(info, clock.instant(), heartbeat(), bots(), configError.get());
    }
}
