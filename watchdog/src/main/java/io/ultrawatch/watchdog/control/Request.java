package io.ultrawatch.watchdog.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the API sees it, detached from the server so routing is tested without sockets.
 *
 * @param headers lower-case names, first value of each
 * @param body at most {@link ControlApi#MAX_BODY_BYTES}
 */
record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
    Request {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Parses {@code a=1&b=two}; a repeated key keeps its first value. */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    static Map<String, String> firstValues(Map<String, List<String>> raw) {
        Map<String, String> h = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (k != null && !v.isEmpty()) {
                h.putIfAbsent(k.toLowerCase(Locale.ROOT), v.get(0));
            }
        });
        return h;
    }
}
