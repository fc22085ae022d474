package io.ultrawatch.watchdog.probe;

import io.ultrawatch.watchdog.time.DaemonThreads;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes {@code GET url} with OkHttp. A 2xx is healthy (degraded when its JSON says {@code "status":"DEGRADED"});
 * anything else, a refused connection or no answer within the timeout is a failure.
 *
 * <p>Each bot has its own client (sharing the threads) with a pool of one kept-alive connection: at 200 bots a new
 * TCP connection per probe was a third of the watchdog's CPU. A kept-alive socket may be stale (the bot restarted,
 * or closed it while idle), so a probe that fails fast on a connection, other than by a timeout or a refused
 * connect, is sent once more on a new connection; OkHttp's own retry is off, because whether it retried a stale
 * pooled connection depended on timing (tried: a restarted bot's first probe failed now and then). A timeout is never
 * retried: a hung bot costs exactly one timeout per probe. Never through a proxy. Plain-text only unless a bot's URL
 * is https, which keeps the TLS machinery unloaded for the usual loopback probe (several MB of resident memory).
 */
public final class HttpHealthProber {
    private static final Logger log = LoggerFactory.getLogger(HttpHealthProber.class);
    /** How long an unused connection stays open: longer than any sensible probe interval. */
    private static final Duration IDLE_CONNECTION = Duration.ofMinutes(1);

    private final OkHttpClient base;
    private final ExecutorService threads;
    private final Scheduler time;
    private final Map<Target, Endpoint> endpoints = new ConcurrentHashMap<>();

    private record Target(URI url, Duration timeout) { }

    /** One bot's client and request, built once: parsing the URL on every probe showed in the profile. */
    private record Endpoint(OkHttpClient client, Request request, Duration timeout) { }

    public HttpHealthProber(Scheduler time, boolean tls) {
        this.time = time;
        // A thread per probe in flight, kept for a minute (OkHttp's own dispatcher pool): a hung bot's probe holds
        // its thread for the timeout without delaying anyone else's. Calls run with execute(), not enqueue():
        // OkHttp renames its thread around every async call (two system calls) and keeps per-host queues.
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.factory("ultrawatch-probe"));
        this.base = new OkHttpClient.Builder()
                .proxy(Proxy.NO_PROXY)
                .connectionSpecs(tls ? List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT)
                        : List.of(ConnectionSpec.CLEARTEXT))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    /** Probes {@code url} off the caller's thread; {@code done} gets exactly one answer. */
    public void probe(URI url, Duration timeout, Consumer<ProbeResult> done) {
        long started = time.nanoTime();
        try {
            threads.execute(() -> done.accept(answer(new Target(url, timeout), started)));
        } catch (RejectedExecutionException e) {
            done.accept(ProbeResult.failure(time.clock().instant(), 0, 0, "the watchdog is shutting down"));
        }
    }

    /**
     * Never throws: a probe whose answer is lost would stop the bot's probing for good. OkHttp's own async path turns
     * an unexpected exception into a failure too; a URL OkHttp refuses fails every probe, visibly.
     */
    private ProbeResult answer(Target target, long started) {
        try {
            return exchange(endpoints.computeIfAbsent(target, this::endpoint), started);
        } catch (RuntimeException e) {
            // Host and port only: a URL may carry credentials.
            log.warn("Probe of {}:{} failed unexpectedly", target.url().getHost(), target.url().getPort(), e);
            return ProbeResult.failure(time.clock().instant(), elapsedMs(started), 0,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Endpoint endpoint(Target t) {
        // A pool of its own: OkHttp's pool looks a connection up by scanning all of them, 200 per probe at 200 bots.
        OkHttpClient client = base.newBuilder()
                .connectionPool(new ConnectionPool(1, IDLE_CONNECTION.toMillis(), TimeUnit.MILLISECONDS))
                .callTimeout(t.timeout()).connectTimeout(t.timeout()).readTimeout(t.timeout())
                .build();
        Request request = new Request.Builder().url(t.url().toString()).header("User-Agent", "ultrawatch").build();
        return new Endpoint(client, request, t.timeout());
    }

    private ProbeResult exchange(Endpoint endpoint, long started) {
        for (boolean mayRetry = true; ; mayRetry = false) {
            try (Response response = endpoint.client().newCall(endpoint.request()).execute()) {
                double ms = elapsedMs(started);
                int code = response.code();
                if (!response.isSuccessful()) {
                    return ProbeResult.failure(time.clock().instant(), ms, code, "HTTP " + code);
                }
                return saysDegraded(response) ? ProbeResult.degraded(time.clock().instant(), ms, code,
                        "HTTP " + code + ", status DEGRADED") : ProbeResult.success(time.clock().instant(), ms, code);
            } catch (IOException e) {
                if (!mayRetry || !mayBeStaleConnection(e)) {
                    return ProbeResult.failure(time.clock().instant(), elapsedMs(started), 0,
                            describe(e, endpoint.timeout()));
                }
                endpoint.client().connectionPool().evictAll();
            }
        }
    }

    /**
     * True when a 2xx answer's JSON says {@code "status":"DEGRADED"} (the health-endpoint libraries' "alive but not
     * ready"). Only the start of the body is looked at, and only its first status: the answer's own status is the first
     * field the libraries write, before the statuses of single checks.
     */
    static boolean saysDegraded(Response response) throws IOException {
        java.util.regex.Matcher m = STATUS.matcher(response.peekBody(DEGRADED_LOOK).string());
        return m.find() && m.group(1).equals("DEGRADED");
    }

    /** The first "status" of the answer: the answer's own; the checks' statuses come after it. */
    private static final java.util.regex.Pattern STATUS =
            java.util.regex.Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    /** Bytes of a body looked at for the status. */
    private static final long DEGRADED_LOOK = 512;

    /** A fast failure on a connection, such as a reset or an end of stream; not a timeout, not a refused connect. */
    static boolean mayBeStaleConnection(IOException e) {
        return !(e instanceof InterruptedIOException) && !(e instanceof ConnectException);
    }

    private double elapsedMs(long startedNanos) {
        return (time.nanoTime() - startedNanos) / 1_000_000.0;
    }

    static String describe(IOException e, Duration timeout) {
        if (e instanceof InterruptedIOException) {
            return "timeout after " + timeout.toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    /** Frees the client's threads and connections; probes in flight fail. */
    public void close() {
        threads.shutdownNow();
        endpoints.values().forEach(e -> e.client().connectionPool().evictAll());
    }
}
