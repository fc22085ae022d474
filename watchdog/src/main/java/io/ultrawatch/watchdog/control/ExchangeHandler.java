package io.ultrawatch.watchdog.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts the JDK server to {@link ControlApi}: reads at most {@link ControlApi#MAX_BODY_BYTES} of a body (413
 * beyond), adds the security headers every answer carries, turns an unexpected exception into a JSON 500
 * instead of a dropped connection, and answers 503 at once to a client over its {@link ClientLimit}.
 */
final class ExchangeHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ExchangeHandler.class);
    /**
     * Scripts, styles and data only from this server; no framing (so no page can trick a click on the restart
     * button), no inline script (so injected markup cannot run).
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final Function<Request, Response> api;
    private final ClientLimit limit;

    ExchangeHandler(Function<Request, Response> api, ClientLimit limit) {
        this.api = api;
        this.limit = limit;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        InetAddress client = ex.getRemoteAddress().getAddress();
        try (ex) {
            if (!limit.enter(client)) {
                ex.getResponseHeaders().set("Connection", "close");
                send(ex, Response.error(503, "Too many requests from " + client.getHostAddress() + " at once (at most "
                        + limit.max() + "); try again in a second").withHeader("Retry-After", "1"));
                return;
            }
            try {
                send(ex, respond(ex));
            } finally {
                limit.exit(client);
            }
        }
    }

    /** The API's answer; an unexpected exception becomes a JSON 500 instead of a dropped connection. */
    private Response respond(HttpExchange ex) throws IOException {
        try {
            return answer(ex);
        } catch (RuntimeException e) {
            log.warn("Control API failed on {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            return Response.error(500, "Internal error in the watchdog's control server ("
                    + e.getClass().getSimpleName() + "); see watchdog.log");
        }
    }

    private Response answer(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLength(length) > ControlApi.MAX_BODY_BYTES) {
            return tooLarge();
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(ControlApi.MAX_BODY_BYTES + 1);
        }
        if (body.length > ControlApi.MAX_BODY_BYTES) {
            return tooLarge();
        }
        String path = ex.getRequestURI().getPath();
        Request r = new Request(ex.getRequestMethod(), path == null ? "/" : path,
                Request.parseQuery(ex.getRequestURI().getRawQuery()),
                Request.firstValues(ex.getRequestHeaders()), body);
        return api.apply(r);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Response tooLarge() {
        return Response.error(413, "Request body too large: at most " + ControlApi.MAX_BODY_BYTES + " bytes");
    }

    private static void send(HttpExchange ex, Response r) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", r.contentType());
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        if (r.contentType().startsWith("text/html")) {
            h.set("Content-Security-Policy", CSP);
            h.set("X-Frame-Options", "DENY");
        }
        for (Map.Entry<String, String> e : r.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.status(), head || r.body().length == 0 ? -1 : r.body().length);
        if (!head && r.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        }
    }
}
