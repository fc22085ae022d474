package io.ultrawatch.watchdog.controlfile;

import io.ultrawatch.watchdog.files.AtomicFiles;
import io.ultrawatch.watchdog.json.Json;
import io.ultrawatch.watchdog.json.JsonTree;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the running watchdog's control server listens, written to {@code status/control.json} once it has bound its
 * port (and removed at start and at a clean stop) so the CLI finds it without parsing the config, also when the port
 * was 0 (ephemeral). A client trusts it only when {@code pid} is the live watchdog's: a file left by a killed
 * watchdog names a port that anyone may have bound since, and the token must never go there. When the server could
 * not start, the file says why ({@code error}, e.g. the port is taken by another process) and names no address to use.
 *
 * @param host the address bound, as configured
 * @param port the actual port (the configured one when the server could not start)
 * @param pid the watchdog's pid
 * @param error why the control server does not run, or null when it does
 */
public record ControlEndpoint(String host, int port, long pid, String error) {
    public static final String FILE_NAME = "control.json";

    public ControlEndpoint(String host, int port, long pid) {
        this(host, port, pid, null);
    }

    /** True when the control server runs at this address. */
    public boolean serving() {
        return error == null;
    }

    public static Path file(Path statusDir) {
        return statusDir.resolve(FILE_NAME);
    }

    /** The base URL a client on this machine uses: a wildcard bind is reached through loopback. */
    public URI baseUri() {
        String h = isWildcard(host) ? "127.0.0.1" : host;
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + "/");
    }

    public static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    public void write(Path statusDir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put("pid", pid);
        if (error == null) {
            m.put("url", baseUri().toString());
        } else {
            m.put("error", error);
        }
        AtomicFiles.write(file(statusDir), Json.bytes(m));
    }

    public static Optional<ControlEndpoint> read(Path statusDir) {
        try {
            Object n = JsonTree.parse(Files.readAllBytes(file(statusDir)));
            String host = JsonTree.text(JsonTree.field(n, "host"));
            return Optional.of(new ControlEndpoint(host == null ? "" : host,
                    (int) number(JsonTree.field(n, "port")), number(JsonTree.field(n, "pid")),
                    JsonTree.text(JsonTree.field(n, "error"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
