package io.ultrawatch.watchdog.control;

import io.ultrawatch.watchdog.time.DaemonThreads;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ultrawatch.watchdog.config.ControlConfig;
import io.ultrawatch.watchdog.config.WatchdogSettings;
import io.ultrawatch.watchdog.controlfile.ControlEndpoint;
import io.ultrawatch.watchdog.controlfile.ControlToken;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.history.History;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog's HTTP control plane: dashboard, JSON API, {@code /metrics}, {@code /healthz}. Runs in the watchdog
 * JVM on the JDK's own HTTP server with a few daemon threads, independent of every bot (it answers while they are
 * down). Binds to {@code watchdog.control.host:port} (default 127.0.0.1:8000; port 0 picks a free one, see
 * {@link #port()}); any address other than loopback is logged as a warning. {@link #bind} creates the token file if
 * needed and binds; {@link #start} serves and writes {@code status/control.json} (host, actual port, pid) for the
 * CLI; {@link #close()} removes it. What it serves comes in as {@link Services}; it builds only its own parts (guard,
 * rate limiter, routes, threads).
 *
 * <p>Thread-safety: bind, start and close from one thread; requests are served concurrently.
 */
public final class ControlServer implements AutoCloseable {
    /** Threads kept for requests: enough for a dashboard, the CLI and a scraper at once; each request is short. */
    static final int THREADS = 4;
    /**
     * At most this many connections are served at once. The JDK server hands a connection to a worker as soon as its
     * first bytes arrive and the worker then waits for the rest of the headers, so a few clients that never finish a
     * request would hold every worker and leave {@code /healthz} queued behind them. Workers are therefore never
     * queued for: a new one starts per connection up to this cap, and past it the connection is closed at once (the
     * JDK server closes a connection its executor refuses), which a client sees as a fast failure, never a hang.
     */
    static final int MAX_THREADS = 32;
    /**
     * Seconds a request's headers and body may take to arrive: a connection still sending after this is closed by
     * the JDK server's timer ({@code sun.net.httpserver.maxReqTime}, checked every second). Every real client sends
     * its request in one go, well under a second.
     */
    static final int MAX_REQUEST_SECONDS = 5;
    /** Seconds an answer may take to be written out: a client that stops reading does not keep a worker. */
    static final int MAX_RESPONSE_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    static {
        // Without TCP_NODELAY, the JDK server's separate header and body writes meet Nagle plus delayed ACKs and
        // keep-alive requests wait about 40 ms each. Read once, when the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // Read once too. Without them the JDK server waits for a request's headers forever (issue 14, item 1).
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        }
    }

    private final HttpServer server;
    private final WatchdogSettings settings;
    private final ControlToken token;
    private ThreadPoolExecutor pool;
    private ControlEndpoint endpoint;

    private ControlServer(HttpServer server, WatchdogSettings settings, ControlToken token) {
        this.server = server;
        this.settings = settings;
        this.token = token;
    }

    /**
     * What the server serves, all provided by the watchdog side: the bots to change, the status to read, the config
     * reload, the metrics registry, the chart history and the event log. The server closes none of them.
     */
    public record Services(BotControl bots, StatusReader status, ConfigReload config,
                           PrometheusMeterRegistry metrics, History history, EventLogReader events) {
    }

    /**
     * Creates the token file if needed and binds the address, without serving yet: a taken port fails here, before
     * anything else of the control plane starts. Then call {@link #start}.
     *
     * @param settings the watchdog's settings: {@code control}, the status folder, the status interval
     * @throws IOException when the address cannot be bound (port taken) or the token cannot be created
     */
    public static ControlServer bind(WatchdogSettings settings) throws IOException {
        ControlConfig cfg = settings.control();
        Path statusDir = settings.statusDir();
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
        return new ControlServer(server, settings, token);
    }

    /** Starts serving and writes control.json. Call before the watchdog starts its bots, so the charts see them. */
    public ControlServer start(Scheduler time, Services services) {
        ControlConfig cfg = settings.control();
        Path statusDir = settings.statusDir();
        int port = server.getAddress().getPort();
        RequestGuard guard = new RequestGuard(token, ControlToken.file(statusDir), cfg.host(), port);
        ControlApi api = new ControlApi(services, time, settings.statusInterval(), cfg.openMetrics(), guard,
                new RestartRateLimiter(time, RestartRateLimiter.DEFAULT_MAX, RestartRateLimiter.DEFAULT_WINDOW),
                settings.logDir());
        // No queue and no caller-runs: a queued /healthz would wait behind slow clients, and caller-runs would make the
        // accepting thread itself wait for one. Refused connections are closed by the JDK server (see MAX_THREADS).
        pool = new ThreadPoolExecutor(THREADS, MAX_THREADS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), DaemonThreads.factory("ultrawatch-http"),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        server.createContext("/", new ExchangeHandler(api::handle, new ClientLimit(ClientLimit.PER_CLIENT)));
        server.setExecutor(pool);
        server.start();
        endpoint = new ControlEndpoint(cfg.host(), port, services.status().info().pid());
        try {
            endpoint.write(statusDir);
        } catch (IOException e) {
            log.warn("Cannot write {}: {} (the CLI will not find the control server)",
                    ControlEndpoint.file(statusDir), e.toString());
        }
        if (!server.getAddress().getAddress().isLoopbackAddress()) {
            log.warn("The control server listens on {}:{}, which is reachable from other machines. The token"
                    + " protects it, but traffic is plain HTTP: prefer 127.0.0.1 behind an SSH tunnel or a TLS proxy",
                    cfg.host(), port);
        }
        log.info("Control server on {} (dashboard, /api, /metrics, /healthz)", endpoint.baseUri());
        return this;
    }

    /** The actual port, also when the config said 0 (once started). */
    public int port() {
        return endpoint.port();
    }

    /** The dashboard's address for a browser on this machine (once started). */
    public URI uri() {
        return endpoint.baseUri();
    }

    /** Stops answering (in-flight requests get a second to finish) and removes control.json. */
    @Override
    public void close() {
        server.stop(1);
        if (pool != null) {
            pool.shutdownNow();
        }
        try {
            Files.deleteIfExists(ControlEndpoint.file(settings.statusDir()));
        } catch (IOException e) {
            // harmless: the CLI checks that the watchdog named in it is alive
        }
    }
}
