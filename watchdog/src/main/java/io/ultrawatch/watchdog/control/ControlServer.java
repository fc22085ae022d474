package io.ultrawatch.watchdog.control;

import io.ultrawatch.watchdog.controlfile.ControlEndpoint;
import io.ultrawatch.watchdog.controlfile.ControlToken;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.history.History;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ultrawatch.watchdog.Watchdog;
import io.ultrawatch.watchdog.config.ControlConfig;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog's HTTP control plane: dashboard, JSON API, {@code /metrics}, {@code /healthz}. Runs in the watchdog
 * JVM on the JDK's own HTTP server with a few daemon threads, independent of every bot (it answers while they are
 * down). Binds to {@code watchdog.control.host:port} (default 127.0.0.1:8000; port 0 picks a free one, see
 * {@link #port()}); any address other than loopback is logged as a warning. At start it creates the token file if
 * needed and writes {@code status/control.json} (host, actual port, pid) for the CLI; {@link #close()} removes it.
 *
 * <p>Thread-safety: start and close from one thread; requests are served concurrently.
 */
public final class ControlServer implements AutoCloseable {
    /** Threads serving requests: enough for a dashboard, the CLI and a scraper at once; each request is short. */
    static final int THREADS = 4;
    /** Requests waiting for a thread; past this the accepting thread serves one itself (natural back-pressure). */
    static final int QUEUE = 64;
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    static {
        // Without TCP_NODELAY, the JDK server's separate header and body writes meet Nagle plus delayed ACKs and
        // keep-alive requests wait about 40 ms each. Read once, when the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final History history;
    private final ControlEndpoint endpoint;
    private final Path statusDir;

    private ControlServer(HttpServer server, ThreadPoolExecutor pool, History history, ControlEndpoint endpoint,
                          Path statusDir) {
        this.server = server;
        this.pool = pool;
        this.history = history;
        this.endpoint = endpoint;
        this.statusDir = statusDir;
    }

    /**
     * Binds and starts serving. Call before {@link Watchdog#start()} so the charts see the first events.
     *
     * @throws IOException when the address cannot be bound (port taken) or the token cannot be created
     */
    public static ControlServer start(Watchdog watchdog, Scheduler time, PrometheusMeterRegistry metrics)
            throws IOException {
        ControlConfig cfg = watchdog.config().watchdog().control();
        Path statusDir = watchdog.config().watchdog().statusDir();
        Path logDir = watchdog.config().watchdog().logDir();
        Files.createDirectories(statusDir);
        ControlToken token = ControlToken.loadOrCreate(statusDir);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(cfg.host()), cfg.port());
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new IOException("Cannot listen on " + cfg.host() + ":" + cfg.port() + " (" + e.getMessage()
                    + "): is another program using the port? Set watchdog.control.port in the config", e);
        }
        int port = server.getAddress().getPort();
        EventLogReader events = new EventLogReader(logDir.resolve("events.jsonl"));
        History history = History.start(watchdog.board(), watchdog.bus(), time, events,
                statusDir.resolve("history.json"));
        RequestGuard guard = new RequestGuard(token, ControlToken.file(statusDir), cfg.host(), port);
        ControlApi api = new ControlApi(watchdog, time, metrics, history, events, guard,
                new RestartRateLimiter(time, RestartRateLimiter.DEFAULT_MAX, RestartRateLimiter.DEFAULT_WINDOW));
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "ultrawatch-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        server.createContext("/", new ExchangeHandler(api::handle));
        server.setExecutor(pool);
        server.start();
        ControlEndpoint endpoint = new ControlEndpoint(cfg.host(), port, watchdog.board().info().pid());
        try {
            endpoint.write(statusDir);
        } catch (IOException e) {
            log.warn("Cannot write {}: {} (the CLI will not find the control server)",
                    ControlEndpoint.file(statusDir), e.toString());
        }
        if (!address.getAddress().isLoopbackAddress()) {
            log.warn("The control server listens on {}:{}, which is reachable from other machines. The token"
                    + " protects it, but traffic is plain HTTP: prefer 127.0.0.1 behind an SSH tunnel or a TLS proxy",
                    cfg.host(), port);
        }
        log.info("Control server on {} (dashboard, /api, /metrics, /healthz)", endpoint.baseUri());
        return new ControlServer(server, pool, history, endpoint, statusDir);
    }

    /** The actual port, also when the config said 0. */
    public int port() {
        return endpoint.port();
    }

    /** The dashboard's address for a browser on this machine. */
    public URI uri() {
        return endpoint.baseUri();
    }

    /** Stops answering (in-flight requests get a second to finish), saves the chart history, removes control.json. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
        history.close();
        try {
            Files.deleteIfExists(ControlEndpoint.file(statusDir));
        } catch (IOException e) {
            // harmless: the CLI checks that the watchdog named in it is alive
        }
    }
}
