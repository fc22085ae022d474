package io.ultrawatch.watchdog.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files, all from the jar (no CDN: it works offline and on an air-gapped host): the page, its script
 * and style, and uPlot from its WebJar. Only the paths listed here are served, so no request can read another
 * resource. Files are read once and kept (about 60 KB). Thread-safe.
 */
final class StaticAssets {
    private static final String DASHBOARD = "/io/ultrawatch/watchdog/control/dashboard/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/";

    private record Asset(String resource, String contentType) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset(DASHBOARD + "index.html", "text/html; charset=utf-8"),
            "/assets/app.js", new Asset(DASHBOARD + "app.js", "text/javascript; charset=utf-8"),
            "/assets/app.css", new Asset(DASHBOARD + "app.css", "text/css; charset=utf-8"),
            "/assets/uplot/uPlot.iife.min.js", new Asset(UPLOT + "dist/uPlot.iife.min.js",
                    "text/javascript; charset=utf-8"),
            "/assets/uplot/uPlot.min.css", new Asset(UPLOT + "dist/uPlot.min.css", "text/css; charset=utf-8"),
            "/assets/uplot/LICENSE", new Asset(UPLOT + "LICENSE", "text/plain; charset=utf-8"));

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The paths served, each a GET route of its own. */
    static Set<String> paths() {
        return ASSETS.keySet();
    }

    Optional<Response> get(String path) {
        Asset a = ASSETS.get(path);
        if (a == null) {
            return Optional.empty();
        }
        byte[] body = cache.computeIfAbsent(path, p -> load(a.resource()));
        return Optional.of(new Response(200, a.contentType(), body, Map.of()));
    }

    private static byte[] load(String resource) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String uplotVersion() {
        try (InputStream in = StaticAssets.class.getResourceAsStream("webjars.properties")) {
            if (in == null) {
                throw new IllegalStateException("webjars.properties is missing from the jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("uplot.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
