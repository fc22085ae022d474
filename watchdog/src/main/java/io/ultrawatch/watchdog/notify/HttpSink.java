package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs a JSON payload (webhook, Discord or Slack shape) to a URL held as a {@link Secret}, with OkHttp. A 2xx is
 * sent; a 429 is retried after its {@code Retry-After} (seconds, as Discord and Slack send it); a 408, a 5xx, a
 * timeout or a connection error is retried; any other status is final (a deleted webhook answers 404 for ever).
 * Redirects are not followed (a webhook never redirects, and following would send the payload elsewhere), and OkHttp's
 * own retry is off: {@link SinkChannel} does the retrying, with backoff. Called by one thread at a time.
 */
final class HttpSink implements Sink {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final String name;
    private final String type;
    private final Secret url;
    private final HttpUrl target;
    private final Duration timeout;
    private final Function<Notification, Map<String, Object>> payload;
    private final OkHttpClient client;

    /** @throws IllegalArgumentException when the URL is not http(s); the message names the variable, not the value */
    HttpSink(String name, String type, Secret url, Duration timeout, Function<Notification, Map<String, Object>> payload) {
        this.name = name;
        this.type = type;
        this.url = url;
        this.target = HttpUrl.parse(url.reveal().strip());
        if (target == null) {
            throw new IllegalArgumentException("the value of " + url.variable()
                    + " is not an http or https URL (the value is not shown: it is a secret)");
        }
        this.timeout = timeout;
        this.payload = payload;
        this.client = new OkHttpClient.Builder()
                .callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public SendResult send(Notification n) {
        Request request = new Request.Builder().url(target).header("User-Agent", "ultrawatch")
                .post(RequestBody.create(Json.bytes(payload.apply(n)), JSON)).build();
        try (Response response = client.newCall(request).execute()) {
            return classify(response.code(), response.header("Retry-After"));
        } catch (IOException e) {
            return SendResult.retry(0, redact(describe(e, timeout)));
        } catch (RuntimeException e) {
            return SendResult.failed(0, redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * A library message without the URL: as configured, as OkHttp normalizes it, and its path alone (where Discord
     * and Slack put the token).
     */
    private String redact(String text) {
        String out = url.redact(text);
        out = new Secret(url.variable(), target.toString()).redact(out);
        String path = target.encodedPath();
        return path.length() > 1 ? new Secret(url.variable(), path).redact(out) : out;
    }

    static SendResult classify(int code, String retryAfter) {
        String detail = "HTTP " + code;
        if (code >= 200 && code < 300) {
            return SendResult.sent(code, detail);
        }
        if (code == 429) {
            Duration wait = retryAfter(retryAfter);
            return new SendResult(SendResult.Outcome.RETRY, code, wait,
                    detail + (wait == null ? "" : ", retry after " + wait.toMillis() + " ms"));
        }
        if (code == 408 || code >= 500) {
            return SendResult.retry(code, detail);
        }
        return SendResult.failed(code, detail + (code >= 300 && code < 400 ? " (redirects are not followed)" : ""));
    }

    /** {@code Retry-After} as seconds (Discord sends decimals); an HTTP date or garbage is ignored (backoff applies). */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(header.strip());
            if (seconds.signum() < 0) {
                return null;
            }
            return Duration.ofMillis(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING)
                    .longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
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

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "HttpSink[" + name + ", " + type + ", url in " + url + "]";
    }
}
