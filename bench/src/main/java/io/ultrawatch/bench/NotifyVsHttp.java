package io.ultrawatch.bench;

import static io.ultrawatch.bench.Summary.fmt;
import static io.ultrawatch.bench.Summary.list;
import static io.ultrawatch.bench.Summary.map;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The two tables of issue 16's figures: a hang's restart decision with notify against the HTTP probe (notify_hang),
 * and the watchdog's CPU and RSS with N notify bots against N probed ones (scale_notify next to scale).
 */
final class NotifyVsHttp {
    static final String HANG_TITLE = "Notify against HTTP: hang → restart decision (ultrawatch, the same bench bot)";
    static final String COST_TITLE = "Notify against HTTP: the watchdog's CPU and RSS with N bots (a WATCHDOG=1 every"
            + " 1 s against a 1 s HTTP probe)";

    private NotifyVsHttp() {
    }

    /** Both tables, each only when the run has its scenario; "" for a run without either. */
    static String markdown(Map<String, Object> sc) {
        return hangTable(map(sc.get("notify_hang"))) + costTable(map(sc.get("scale_notify")), map(sc.get("scale")));
    }

    static String hangTable(Map<String, Object> sides) {
        if (sides.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### " + HANG_TITLE + "\n\n"
                + "Decision: the watchdog's `restart` event for the hung pid (events.jsonl). Deadline: notify = the"
                + " bot's last WATCHDOG=1 + watchdog_interval; http = the arrival of the first probe the hung bot"
                + " held + the probe timeout.\n\n"
                + "| health check | N | handled | fault → decision median ms | max ms |"
                + " decision − deadline median ms | max ms | fault → deadline median ms | max ms | decision → bot's SIGTERM median ms |"
                + " fault → new 200 median ms | max ms | restart reason | phase delays ms |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Object> side : sides.entrySet()) {
            Map<String, Object> m = map(side.getValue());
            Map<String, Object> s = map(m.get("summary"));
            List<Map<String, Object>> trials = list(m.get("trials"));
            md.append("| ").append(side.getKey()).append(m.containsKey("health") ? ": " + m.get("health") : "")
                    .append(" | ").append(fmt(s.get("n"))).append(" | ").append(fmt(s.get("recovered"))).append(" |");
            for (String metric : List.of("fault_to_decision_ms", "decision_after_deadline_ms",
                    "fault_to_deadline_ms")) {
                md.append(' ').append(fmt(s.get(metric + "_median"))).append(" | ")
                        .append(fmt(s.get(metric + "_max"))).append(" |");
            }
            md.append(' ').append(fmt(s.get("decision_to_term_ms_median"))).append(" | ")
                    .append(fmt(s.get("fault_to_ready_ms_median"))).append(" | ")
                    .append(fmt(s.get("fault_to_ready_ms_max"))).append(" | ")
                    .append(Summary.hows(trials, "restart_reason")).append(" | ")
                    .append(Summary.delays(s.get("phase_delays_ms"))).append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** One row per bot count that either side measured; only when scale_notify ran (else it is the scale table). */
    static String costTable(Map<String, Object> notify, Map<String, Object> http) {
        if (notify.isEmpty()) {
            return "";
        }
        TreeSet<Integer> counts = new TreeSet<>();
        for (Map<String, Object> side : List.of(notify, http)) {
            side.forEach((key, r) -> counts.add(bots(key, map(r))));
        }
        StringBuilder md = new StringBuilder("### " + COST_TITLE + "\n\n"
                + "| bots | notify CPU % of a core | http CPU % of a core | notify RSS mean MB | http RSS mean MB |"
                + " notify RSS max MB | http RSS max MB | restarts notify / http |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (int n : counts) {
            Map<String, Object> a = row(notify, n);
            Map<String, Object> b = row(http, n);
            md.append("| ").append(n).append(" | ").append(cell(a, "cpu_pct")).append(" | ")
                    .append(cell(b, "cpu_pct")).append(" | ").append(cell(a, "rss_mb_mean")).append(" | ")
                    .append(cell(b, "rss_mb_mean")).append(" | ").append(cell(a, "rss_mb_max")).append(" | ")
                    .append(cell(b, "rss_mb_max")).append(" | ").append(cell(a, "restarts_during_run"))
                    .append(" / ").append(cell(b, "restarts_during_run")).append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** The bot count of a scale entry: its "bots" field, else the number in its key ("ultrawatch_50"). */
    static int bots(String key, Map<String, Object> r) {
        if (r.get("bots") instanceof Number n) {
            return n.intValue();
        }
        return Integer.parseInt(key.replaceAll("\\D", ""));
    }

    private static Map<String, Object> row(Map<String, Object> side, int n) {
        for (Map.Entry<String, Object> e : side.entrySet()) {
            if (bots(e.getKey(), map(e.getValue())) == n) {
                return map(e.getValue());
            }
        }
        return Map.of();
    }

    /** The figure, or the entry's error (a scale run that failed has no figures, and a blank would hide why). */
    private static String cell(Map<String, Object> r, String key) {
        return r.containsKey("error") && !r.containsKey(key) ? "error" : fmt(r.get(key));
    }
}
