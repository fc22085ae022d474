package io.ultrawatch.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Serves {@code /health}; 404 for any other path, 405 for anything but GET and HEAD. */
final class HealthHandler implements HttpHandler {

    static final String PATH = "/health";

    private final Supplier<HealthReport> evaluate;
    private final Runnable interceptor;

    HealthHandler(Supplier<HealthReport> evaluate, Runnable interceptor) {
        this.evaluate = evaluate;
        this.interceptor = interceptor;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // Before anything else, so a fault-injection interceptor can hold every request, whatever its path.
            interceptor.run();
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "{\"error\":\"not found\"}", head);
            } else if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "{\"error\":\"method not allowed\"}", head);
            } else {
                HealthReport report = evaluate.get();
                int code = report.status() == CheckResult.Status.DOWN ? 503 : 200; // DEGRADED is alive: 200
                send(exchange, code, report.toJson(), head);
            }
        }
    }

    private static void send(HttpExchange exchange, int code, String body, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head) {
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
