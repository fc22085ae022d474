package io.ultrawatch.watchdog.status;

import java.util.LinkedHashMap;
import java.util.function.Supplier;
import io.ultrawatch.watchdog.notify.SinkStatus;
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
    /** Replaced when a reload switches the config source (the defaults, then a watchdog.yml written since). */
    private volatile WatchdogInfo info;
    private final Clock clock;
    private final List<Consumer<BotSnapshot>> onSnapshot = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicReference<String> configError = new AtomicReference<>();
    private volatile Supplier<List<SinkStatus>> notifications;
    /** Where the control server listens ("host:port" a local client connects to), or null while it does not. */
    private final AtomicReference<ControlAddress> control = new AtomicReference<>();
    /** Counts the changes readers must see at once (see {@link #version()}). */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    public StatusBoard(WatchdogInfo info, Clock clock) {
        this.info = info;
        this.clock = clock;
    }

    @Override
    public void accept(BotSnapshot snapshot) {
        BotSnapshot before = bots.put(snapshot.name(), snapshot);
        if (before == null || before.state() != snapshot.state() || !java.util.Objects.equals(before.pid(),
                snapshot.pid()) || before.restartsTotal() != snapshot.restartsTotal()
                || before.crashLooping() != snapshot.crashLooping()) {
            version.incrementAndGet();
        }
        onChange.forEach(Runnable::run);
        onSnapshot.forEach(l -> l.accept(snapshot));
    }

    public void remove(String bot) {
        bots.remove(bot);
        version.incrementAndGet();
        onChange.forEach(Runnable::run);
    }

    /** Hears of every change; must return quickly (it runs on a supervisor's loop). */
    public void onChange(Runnable listener) {
        onChange.add(listener);
    }

    /** Hears of every new snapshot, without having to look through all bots; must return quickly. */
    public void onSnapshot(Consumer<BotSnapshot> listener) {
        onSnapshot.add(listener);
    }

    /**
     * Grows with every change a reader must see at once: a bot's state, pid, restart count or crash-looping flag,
     * a bot added or removed, the config error. Probe latency, uptime and memory do not move it.
     */
    public long version() {
        return version.get();
    }

    /** The latest snapshot of one bot. */
    public java.util.Optional<BotSnapshot> snapshot(String bot) {
        return java.util.Optional.ofNullable(bots.get(bot));
    }

    public int size() {
        return bots.size();
    }

    /** Shown in the status while the config file on disk is invalid and the previous one still runs. */
    public void setConfigError(String error) {
        configError.set(error);
        version.incrementAndGet();
        onChange.forEach(Runnable::run);
    }

    /** Where a client on this machine reaches the control server; written to {@code status/heartbeat}. */
    public record ControlAddress(String host, int port) {
    }

    /** Set once the control server listens (null when it stops), so scripts find /healthz without parsing JSON. */
    public void setControl(ControlAddress address) {
        control.set(address);
        version.incrementAndGet();
        onChange.forEach(Runnable::run);
    }

    public java.util.Optional<ControlAddress> control() {
        return java.util.Optional.ofNullable(control.get());
    }

    public List<BotSnapshot> bots() {
        List<BotSnapshot> list = new ArrayList<>(bots.values());
        list.sort(Comparator.comparing(BotSnapshot::name));
        return list;
    }

    /** The config the watchdog now runs on, as shown in the status ("(defaults)" or the file). */
    public void setConfigSource(String label) {
        WatchdogInfo i = info;
        info = new WatchdogInfo(i.pid(), i.version(), i.startedAt(), label);
        version.incrementAndGet();
        onChange.forEach(Runnable::run);
    }

    public WatchdogInfo info() {
        return info;
    }

    /** The oldest moment any supervisor loop last ran, or now when there is no bot. */
    public Instant heartbeat() {
        return heartbeat(bots.values(), clock.instant());
    }

    private static Instant heartbeat(java.util.Collection<BotSnapshot> bots, Instant now) {
        return bots.stream().map(BotSnapshot::observedAt).filter(t -> t != null)
                .min(Comparator.naturalOrder()).orElse(now);
    }

    public Map<String, Object> document() {
        return withNotifications(StatusDocument.build(info, clock.instant(), heartbeat(), bots(), configError.get()));
    }

    /**
     * Shows each notification sink in the document ({@code notifications}: its counters and its last result) once
     * the watchdog has sinks; without {@code notify} the document has no such key.
     */
    public void showNotifications(Supplier<List<SinkStatus>> sinks) {
        notifications = sinks;
    }

    private Map<String, Object> withNotifications(Map<String, Object> doc) {
        List<SinkStatus> sinks = notifications == null ? List.of() : notifications.get();
        if (!sinks.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (SinkStatus s : sinks) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sink", s.name());
                m.put("type", s.type());
                m.put("sent", s.sent());
                m.put("failed", s.failed());
                m.put("dropped", s.dropped());
                m.put("queued", s.queued());
                m.put("last_result", s.lastResult());
                m.put("last_at", StatusDocument.ts(s.lastAt()));
                m.put("last_detail", s.lastDetail());
                list.add(m);
            }
            doc.put("notifications", list);
        }
        return doc;
    }

    /** One bot's entry of {@link #document()}, without building the others; empty until the bot has reported. */
    public java.util.Optional<Map<String, Object>> botDocument(String bot) {
        return snapshot(bot).map(b -> StatusDocument.bot(b, clock.instant()));
    }

    /**
     * The document and the figures of the heartbeat line from one look at the bots, so {@code status.json} and
     * {@code status/heartbeat} written together never disagree on the heartbeat or on which bots run.
     */
    record Reading(Map<String, Object> document, Instant heartbeat, int botsTotal, int botsRunning) {
    }

    Reading read() {
        List<BotSnapshot> list = bots();
        Instant now = clock.instant();
        Instant heartbeat = heartbeat(list, now);
        int running = (int) list.stream().filter(b -> b.state() == io.ultrawatch.watchdog.model.BotState.RUNNING)
                .count();
        return new Reading(withNotifications(StatusDocument.build(info, now, heartbeat, list, configError.get())),
                heartbeat, list.size(), running);
    }
}
