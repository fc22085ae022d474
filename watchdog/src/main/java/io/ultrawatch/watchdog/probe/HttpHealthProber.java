package io.ultrawatch.watchdog.probe;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Probes {@code GET url} with one shared OkHttp client; each timeout gets a derived client sharing its threads.
 * A 2xx is healthy; anything else, a refused connection or no answer within the timeout is a failure.
 *
 * <p>Every probe opens a new connection (no pool, no retry), as kubelet does: a pooled socket to a bot that was
 * restarted, or an automatic retry, would hide or invent failures (tried: OkHttp's retry of a stale pooled
 * connection did not happen every time, so a restarted bot's first probe could fail). Never through a proxy.
 * Plain-text only unless a bot's URL is https, which keeps the TLS machinery unloaded for the usual loopback probe
 * (several MB of resident memory).
 */
public final class HttpHealthProber implements HealthProber {
    private final OkHttpClient base;
    private final Scheduler time;
    private final Map<Duration, OkHttpClient> byTimeout = new ConcurrentHashMap<>();

    public HttpHealthProber(Scheduler time, boolean tls) {
        this.time = time;
        Dispatcher dispatcher = new Dispatcher();
        // All bots share the host 127.0.0.1: OkHttp's default of 5 calls per host would queue probes of 200 bots.
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);
        this.base = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .proxy(Proxy.NO_PROXY)
                .connectionSpecs(tls ? List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT)
                        : List.of(ConnectionSpec.CLEARTEXT))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    @Override
    public void probe(URI url, Duration timeout, Consumer<ProbeResult> done) {
        OkHttpClient client = byTimeout.computeIfAbsent(timeout,
                t -> base.newBuilder().callTimeout(t).connectTimeout(t).readTimeout(t).build());
        Request request = new Request.Builder().url(url.toString()).header("User-Agent", "ultrawatch").build();
        long started = time.nanoTime();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    double ms = elapsedMs(started);
                    int code = response.code();
                    done.accept(response.isSuccessful()
                            ? ProbeResult.success(time.clock().instant(), ms, code)
                            : ProbeResult.failure(time.clock().instant(), ms, code, "HTTP " + code));
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                done.accept(ProbeResult.failure(time.clock().instant(), elapsedMs(started), 0, describe(e, timeout)));
            }
        });
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

    /** Frees the client's threads; probes in flight fail. */
    public void close() {
        base.dispatcher().executorService().shutdownNow();
    }
}
