package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.config.EnvFile;
import io.ultrawatch.watchdog.config.NotifyConfig;
import io.ultrawatch.watchdog.config.NotifySinkConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.EventListener;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.time.DaemonThreads;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the events people must know about to the configured sinks, and the daily digest. Subscribe it to the
 * {@code EventBus}: {@link #onEvent} only filters and enqueues, it never waits on a receiver.
 *
 * <p>Per sink: the sink's event filter ({@code restart} = a restart for a failure), a {@link Coalescer} (per bot at
 * most one message per {@code min_interval}, the rest folded into the next), and a {@link SinkChannel} (bounded queue,
 * one delivery at a time, retries). The attempts run on one small pool of daemon threads, {@code ultrawatch-notify},
 * with at most one thread per sink (plus one for the digest), which end after a minute idle: a sink waiting for
 * its next try holds none. A sink whose secret variable is not set is reported (by name) and skipped; the others work.
 *
 * <p>Thread-safe. {@link #close()} stops timers and threads; messages still waiting are counted as dropped.
 */
public final class Notifier implements EventListener, NotifierStatus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private record Route(NotifySinkConfig config, Coalescer coalescer, SinkChannel channel) { }

    private final List<Route> routes = new ArrayList<>();
    /** Sinks that could not be built, with why, in config order among the routes (for {@link #sinks()}). */
    private final Map<String, SinkStatus> unusable = new HashMap<>();
    private final List<String> order = new ArrayList<>();
    private final DailyDigest digest;
    private final ExecutorService ownPool;

    /**
     * The notifier for a config: sinks built with the secrets from {@code env} (and {@code notify.env_file}), the
     * digest (if {@code digest_at} is set) at that local time of the system's time zone, read from
     * {@code logDir/events.jsonl}. With no sinks configured it holds nothing and starts nothing.
     */
    public static Notifier fromConfig(NotifyConfig config, Map<String, String> env, Scheduler time, Path logDir) {
        if (!config.enabled()) {
            return new Notifier(config, List.of(), Map.of(), time, null, null, RetryPolicy.DEFAULT, ZoneId.systemDefault(),
                    now -> null);
        }
        Map<String, String> vars = environment(config, env);
        List<Sink> sinks = new ArrayList<>();
        Map<String, String> problems = new HashMap<>();
        for (NotifySinkConfig c : config.sinks()) {
            try {
                sinks.add(Sinks.create(c, vars, null));
            } catch (Sinks.SetupException e) {
                problems.put(c.name(), e.getMessage());
                log.error("{}; this sink sends nothing until it is fixed and the config reloaded", e.getMessage());
            }
        }
        ExecutorService pool = pool(config.sinks().size() + 1);
        Path events = logDir.resolve("events.jsonl");
        ZoneId zone = ZoneId.systemDefault();
        return new Notifier(config, sinks, problems, time, pool, pool, RetryPolicy.DEFAULT, zone,
                now -> digest(events, zone, now));
    }

    /**
     * @param sinks the sinks that could be built, by config name
     * @param problems why each other configured sink could not be built, by name
     * @param executor runs the delivery attempts and the digest ({@code Runnable::run} in tests)
     * @param ownPool closed with the notifier, or null
     * @param digestOf the digest at a given time ({@link #digest}); used only when {@code digest_at} is set
     */
    Notifier(NotifyConfig config, List<Sink> sinks, Map<String, String> problems, Scheduler time, Executor executor,
             ExecutorService ownPool, RetryPolicy retry, ZoneId zone, Function<Instant, Notification> digestOf) {
        this.ownPool = ownPool;
        Map<String, Sink> byName = new HashMap<>();
        sinks.forEach(s -> byName.put(s.name(), s));
        for (NotifySinkConfig c : config.sinks()) {
            order.add(c.name());
            Sink sink = byName.get(c.name());
            if (sink == null) {
                unusable.put(c.name(), new SinkStatus(c.name(), c.type().wireName(), 0, 0, 0, 0, "unusable", null,
                        problems.getOrDefault(c.name(), "not built")));
                continue;
            }
            SinkChannel channel = new SinkChannel(sink, executor, time, retry, SinkChannel.CAPACITY);
            routes.add(new Route(c, new Coalescer(config.minInterval(), time, channel::offer), channel));
        }
        if (config.digestAt() != null && !routes.isEmpty()) {
            digest = new DailyDigest(config.digestAt(), zone, time, executor, digestOf, this::toEverySink);
            digest.start();
        } else {
            digest = null;
        }
    }

    private static ExecutorService pool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.factory("ultrawatch-notify", threads));
        // Idle most of the time: no thread lives on between notifications (footprint, docs/jvm-footprint.md).
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The watchdog's environment with the env file laid over it; a file that cannot be read is logged, not fatal. */
    static Map<String, String> environment(NotifyConfig config, Map<String, String> env) {
        if (config.envFile() == null) {
            return env;
        }
        Map<String, String> vars = new HashMap<>(env);
        try {
            vars.putAll(EnvFile.read(config.envFile()));
        } catch (IOException e) {
            // EnvFile's messages name the file and line, never a value.
            log.error("Cannot read notify.env_file {}: {}", config.envFile(), e.getMessage());
        }
        return vars;
    }

    /** The digest of the 24 h before {@code now}, from events.jsonl. */
    static Notification digest(Path eventsFile, ZoneId zone, Instant now) {
        try {
            return DigestBuilder.render(DigestBuilder.fromLog(eventsFile, now), zone, now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + eventsFile, e);
        }
    }

    /** Whether a sink that lists {@code events} wants {@code e}: {@code restart} means a restart for a failure. */
    static boolean wants(List<String> events, WatchdogEvent e) {
        if (!events.contains(e.kind().wireName())) {
            return false;
        }
        return e.kind() != EventKind.RESTART || e.reason() == null || e.reason().isFailure();
    }

    @Override
    public void onEvent(WatchdogEvent e) {
        for (Route r : routes) {
            if (wants(r.config().events(), e)) {
                r.coalescer().add(e);
            }
        }
    }

    private void toEverySink(Notification n) {
        routes.forEach(r -> r.channel().offer(n));
    }

    @Override
    public List<SinkStatus> sinks() {
        Map<String, SinkStatus> now = new HashMap<>(unusable);
        routes.forEach(r -> now.put(r.config().name(), r.channel().status()));
        return order.stream().map(now::get).toList();
    }

    /** Why configured sinks cannot send, one line each naming the sink and the variable; empty when all can. */
    public List<String> problems() {
        return order.stream().filter(unusable::containsKey).map(n -> unusable.get(n).lastDetail()).toList();
    }

    @Override
    public void close() {
        if (digest != null) {
            digest.close();
        }
        for (Route r : routes) {
            r.coalescer().close();
            r.channel().close();
        }
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
    }
}
