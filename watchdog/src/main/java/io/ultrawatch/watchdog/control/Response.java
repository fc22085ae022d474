package io.ultrawatch.watchdog.control;

import io.ultrawatch.watchdog.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the API answers: status, content type, body and extra headers. Every error body is {@code {"error": ...}}. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";

    Response {
        headers = Map.copyOf(headers);
    }

    static Response json(int status, Object body) {
        return new Response(status, JSON, Json.bytes(body), Map.of());
    }

    static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, h);
    }
}
