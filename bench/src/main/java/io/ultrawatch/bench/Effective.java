package io.ultrawatch.bench;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a generated ultrawatch config really has, defaults included: the config is loaded by the watchdog's
 * own {@code ConfigLoader} from the jar under test (through reflection, so the bench does not compile against it), and
 * the health, memory, restart and stop records and the status interval are written out as they are. A key the bench
 * leaves out thus shows the watchdog's default of the very build that was measured.
 */
final class Effective {
    private static URLClassLoader loader;

    private Effective() {
    }

    /** The effective settings of the first bot of {@code config}; {"error": ...} when it cannot be read. */
    static synchronized Map<String, Object> of(Path jar, Path config) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            if (loader == null) {
                loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            }
            Class<?> cl = loader.loadClass("io.ultrawatch.watchdog.config.ConfigLoader");
            Object wc = cl.getMethod("load", Path.class, Map.class).invoke(null, config, System.getenv());
            Object settings = call(wc, "watchdog");
            out.put("status_interval", value(call(settings, "statusInterval")));
            Object bot = ((List<?>) call(wc, "bots")).get(0);
            for (String part : List.of("health", "memory", "restart", "stop")) {
                out.put(part, record(call(bot, part)));
            }
            out.put("restart_flag_file", call(bot, "restartFlagFile") != null);
        } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
            out.clear();
            out.put("error", "could not read the effective config: " + e);
        }
        return out;
    }

    private static Object call(Object o, String method) throws ReflectiveOperationException {
        Method m = o.getClass().getMethod(method);
        return m.invoke(o);
    }

    private static Map<String, Object> record(Object r) throws ReflectiveOperationException {
        Map<String, Object> m = new LinkedHashMap<>();
        RecordComponent[] parts = r.getClass().getRecordComponents();
        if (parts == null) {
            m.put("value", String.valueOf(r));
            return m;
        }
        for (RecordComponent c : parts) {
            if (c.getName().equals("url")) {
                continue;
            }
            m.put(snake(c.getName()), value(c.getAccessor().invoke(r)));
        }
        return m;
    }

    private static Object value(Object v) {
        if (v instanceof Duration d) {
            return ms(d.toMillis());
        }
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return String.valueOf(v);
    }

    /** 250ms, 1s, 1.5s, 5m: the watchdog's own duration syntax. */
    static String ms(long ms) {
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms < 1000 ? ms + "ms" : (ms / 1000.0) + "s";
    }

    /**
     * The watchdog_interval of a notify check as {@link #record} writes the check ("Notify[watchdogInterval=PT2S]"),
     * in the watchdog's syntax ("2s", "none" when it has no deadline); null for any other check.
     */
    static String notifyInterval(Object check) {
        String text = String.valueOf(check);
        if (!text.startsWith("Notify[")) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("watchdogInterval=(PT[^,\\]]+)").matcher(text);
        return m.find() ? ms(Duration.parse(m.group(1)).toMillis()) : "none";
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * One line for a table: probes interval/timeout ×threshold (stop grace), memory sample ×samples, status.json
     * interval, stop grace.
     */
    static String brief(Map<String, Object> e) {
        if (e == null || e.isEmpty()) {
            return "–";
        }
        if (e.containsKey("error")) {
            return String.valueOf(e.get("error"));
        }
        Map<String, Object> h = Summary.map(e.get("health"));
        Map<String, Object> m = Summary.map(e.get("memory"));
        Map<String, Object> s = Summary.map(e.get("stop"));
        StringBuilder b = new StringBuilder();
        String interval = notifyInterval(h.get("check"));
        if (interval != null) {
            b.append("notify, WATCHDOG=1 within ").append(interval);
        } else {
            b.append("probe ").append(h.get("interval")).append('/').append(h.get("timeout")).append(" ×")
                    .append(h.get("failure_threshold"));
        }
        if (h.get("stop_grace") != null) {
            b.append(" (kill after ").append(h.get("stop_grace")).append(')');
        }
        b.append("; memory ").append(m.get("sample_interval")).append(" ×").append(m.get("consecutive_samples"))
                .append("; status ").append(e.get("status_interval")).append("; stop grace ").append(s.get("grace"));
        return b.toString();
    }
}
