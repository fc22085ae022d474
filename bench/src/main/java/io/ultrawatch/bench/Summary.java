package io.ultrawatch.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Medians and maxima per scenario and tool, and the Markdown tables of a run. */
final class Summary {
    /** The timed figures of each timing scenario, in table order. */
    static final Map<String, List<String>> METRICS = Map.of(
            "crash", List.of("fault_to_fork_ms", "fault_to_ready_ms", "fork_to_ready_ms"),
            "hang", List.of("fault_to_ready_ms"),
            "hang_after_restart", List.of("fault_to_ready_ms"),
            "hardhang", List.of("fault_to_ready_ms"),
            "leak", List.of("cross_to_ready_ms"),
            "stop_ignoring_term", List.of("request_to_gone_ms", "term_to_gone_ms"),
            "notify_hang", List.of("fault_to_decision_ms", "decision_after_deadline_ms", "fault_to_deadline_ms",
                    "decision_to_term_ms", "fault_to_ready_ms"));
    static final Map<String, String> HOW = Map.of("hang", "hung_pid_died", "hang_after_restart", "hung_pid_died",
            "hardhang", "hung_pid_died", "leak", "leaking_pid_died", "stop_ignoring_term", "how");
    static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("crash", "Crash (exit 1): fault → new process forked, → first 200 from the new pid");
        TITLES.put("hang", "Hang (alive, /health silent): fault → first 200 from a new pid");
        TITLES.put("hang_after_restart", "Hang 1.5 s (+ the phase delay) after a restart (blind window): fault → first"
                + " 200 from a new pid");
        TITLES.put("hardhang", "Hard hang (hang + SIGTERM ignored): fault → first 200 from a new pid");
        TITLES.put("leak", "Memory leak: RSS passes the 64 MB limit → first 200 from a new pid");
        TITLES.put("stop_ignoring_term", "Stop of a bot that ignores SIGTERM: stop request → pid gone");
    }

    private Summary() {
    }

    static Map<String, Object> summarize(String sc, List<Map<String, Object>> trials) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("n", trials.size());
        s.put("recovered", trials.stream().filter(t -> Boolean.TRUE.equals(t.get("recovered"))
                || Boolean.TRUE.equals(t.get("stopped"))).count());
        for (String m : METRICS.getOrDefault(sc, List.of())) {
            List<Number> v = values(trials, m);
            if (!v.isEmpty()) {
                s.put(m + "_median", Stats.round(Stats.median(v), 1));
                s.put(m + "_max", Stats.round(Stats.max(v), 1));
            }
        }
        List<Number> settled = values(trials, "settled_after_start_ms");
        if (!settled.isEmpty()) {
            s.put("settled_after_start_ms_median", Stats.round(Stats.median(settled), 1));
        }
        List<Number> delays = values(trials, "phase_delay_ms");
        if (!delays.isEmpty()) {
            s.put("phase_delays_ms", delays);
        }
        if (sc.equals("orphans")) {
            s.put("orphans", trials.stream().mapToLong(t -> ((Number) t.getOrDefault("orphans", 0)).longValue())
                    .sum());
        }
        return s;
    }

    static List<Number> values(List<Map<String, Object>> trials, String key) {
        List<Number> v = new ArrayList<>();
        for (Map<String, Object> t : trials) {
            if (t.get(key) instanceof Number n) {
                v.add(n);
            }
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return o instanceof List ? (List<Map<String, Object>>) o : List.of();
    }

    /**
     * The scenarios the chart draws: the first comparison profile's (same-budget in a default run) with the ones no
     * profile applies to; an earlier run's "scenarios" as they are.
     */
    static Map<String, Object> chartScenarios(Map<String, Object> doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        map(doc.get("profiles")).values().stream().findFirst()
                .ifPresent(p -> out.putAll(map(map(p).get("scenarios"))));
        out.putAll(map(doc.get("scenarios")));
        return out;
    }

    /** The first comparison profile's name, or null for a run of before the profiles. */
    static String chartProfile(Map<String, Object> doc) {
        return map(doc.get("profiles")).keySet().stream().findFirst().orElse(null);
    }

    static String fmt(Object o) {
        if (o instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString(d.longValue()) : String.valueOf(d);
        }
        return o == null ? "–" : String.valueOf(o);
    }

    /**
     * The tables of a run: per comparison profile (same-budget first) its budget table, the tools' configs and its
     * tables, every heading naming the profile; then the scenarios no profile applies to (idle, scale, watchdog
     * killed). A results file of the earlier runs (no "profiles") gives its tables as before.
     */
    static String markdown(Map<String, Object> doc) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> profiles = map(doc.get("profiles"));
        for (Map.Entry<String, Object> p : profiles.entrySet()) {
            Map<String, Object> pd = map(p.getValue());
            md.append("## Profile ").append(p.getKey()).append(": ").append(pd.get("label")).append("\n\n");
            md.append(budgets(p.getKey(), map(pd.get("tools"))));
            md.append(tables(map(pd.get("scenarios")), p.getKey()));
        }
        Map<String, Object> rest = map(doc.get("scenarios"));
        if (!profiles.isEmpty() && !rest.isEmpty()) {
            md.append("## Not bound to a comparison profile\n\n");
        }
        md.append(tables(rest, null));
        return md.toString();
    }

    /** Each tool's budget and settle time under a profile, then its generated config (collapsed). */
    static String budgets(String profile, Map<String, Object> sheets) {
        if (sheets.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### What each tool is given [" + profile + "]\n\n| tool |");
        for (String h : Budget.HEADERS) {
            md.append(' ').append(h).append(" |");
        }
        md.append(" plain scenarios: fault no earlier than |\n|---|");
        md.append("---|".repeat(Budget.HEADERS.length)).append("---|\n");
        for (Map.Entry<String, Object> t : sheets.entrySet()) {
            Map<String, Object> sheet = map(t.getValue());
            md.append("| ").append(t.getKey()).append(" |");
            map(sheet.get("budget")).values().forEach(v -> md.append(' ').append(fmt(v)).append(" |"));
            Map<String, Object> settle = map(sheet.get("settle"));
            md.append(' ').append(fmt(settle.get("reference"))).append(" + ").append(fmt(settle.get("after_ms")))
                    .append(" ms (").append(fmt(settle.get("basis"))).append(") |\n");
        }
        md.append('\n');
        for (Map.Entry<String, Object> t : sheets.entrySet()) {
            md.append("<details><summary>").append(t.getKey()).append(" config [").append(profile)
                    .append("]</summary>\n\n```\n").append(map(t.getValue()).get("config")).append("```\n\n")
                    .append("</details>\n\n");
        }
        return md.toString();
    }

    /** The tables of one set of scenarios; {@code profile} (when not null) is named in every heading. */
    static String tables(Map<String, Object> sc, String profile) {
        StringBuilder md = new StringBuilder();
        String tag = profile == null ? "" : " [" + profile + "]";
        for (Map.Entry<String, String> e : TITLES.entrySet()) {
            Map<String, Object> perTool = map(sc.get(e.getKey()));
            if (perTool.isEmpty()) {
                continue;
            }
            List<String> metrics = METRICS.get(e.getKey());
            boolean settled = perTool.values().stream().anyMatch(v -> map(map(v).get("summary"))
                    .containsKey("settled_after_start_ms_median"));
            md.append("### ").append(e.getValue()).append(tag).append("\n\n| tool | N | handled |");
            metrics.forEach(m -> md.append(' ').append(m.replace("_ms", "")).append(" median ms | max ms |"));
            md.append(" how the old process died | phase delays ms |").append(settled ? " settle: bot start → fault window median ms |" : "")
                    .append("\n|---|---|---|");
            metrics.forEach(m -> md.append("---|---|"));
            md.append("---|---|").append(settled ? "---|" : "").append('\n');
            for (Map.Entry<String, Object> t : perTool.entrySet()) {
                Map<String, Object> s = map(map(t.getValue()).get("summary"));
                List<Map<String, Object>> trials = list(map(t.getValue()).get("trials"));
                long handled = ((Number) s.getOrDefault("recovered", 0)).longValue();
                Object shared = map(t.getValue()).get("shared_from");
                md.append("| ").append(t.getKey())
                        .append(shared != null ? " (same config as " + shared + ": its trials)" : "")
                        .append(" | ").append(s.get("n")).append(" | ").append(handled).append(" |");
                for (String m : metrics) {
                    if (s.containsKey(m + "_median")) {
                        md.append(' ').append(fmt(s.get(m + "_median"))).append(" | ").append(fmt(s.get(m + "_max")))
                                .append(" |");
                    } else {
                        md.append(handled == 0 && !trials.isEmpty() && trials.get(0).containsKey("error")
                                ? " error | – |" : " not handled in 60 s | – |");
                    }
                }
                md.append(' ').append(hows(trials, HOW.get(e.getKey()))).append(" | ")
                        .append(delays(s.get("phase_delays_ms"))).append(" |");
                if (settled) {
                    // The median from the first bot's fork to the end of the settle wait; the phase delay follows.
                    md.append(' ').append(fmt(s.get("settled_after_start_ms_median"))).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        Map<String, Object> orphans = map(sc.get("orphans"));
        if (!orphans.isEmpty()) {
            md.append("### Orphans: the bot's child (same session and process group) still alive 1 s after the new bot"
                    + " is up").append(tag).append("\n\n| tool | after a requested restart | after a crash |\n|---|---|---|\n");
            for (Map.Entry<String, Object> t : orphans.entrySet()) {
                md.append("| ").append(t.getKey()).append(" | ")
                        .append(orphanCell(map(map(t.getValue()).get("after_requested_restart")))).append(" | ")
                        .append(orphanCell(map(map(t.getValue()).get("after_crash")))).append(" |\n");
            }
            md.append('\n');
        }
        Map<String, Object> idle = map(sc.get("idle"));
        Map<String, Object> idleBusy = map(sc.get("idle-busy"));
        if (!idle.isEmpty() || !idleBusy.isEmpty()) {
            md.append("### Idle cost: the supervisor's own process with one healthy bot (1 s checks)\n\n"
                    + "idle: ultrawatch with its defaults except `health.interval: 1s`; idle-busy: 1 s probes, 1 s"
                    + " memory samples, status.json every 1 s (the settings of the earlier runs).\n\n"
                    + "| tool | profile | warm-up s | window s | RSS mean MB | RSS max MB | CPU % of a core |"
                    + " bot probes seen | ultrawatch settings |\n|---|---|---|---|---|---|---|---|---|\n");
            Map<String, Object> rows = new LinkedHashMap<>();
            idle.forEach((k, v) -> rows.put(k + "\u0000idle", v));
            idleBusy.forEach((k, v) -> rows.put(k + "\u0000idle-busy", v));
            for (Map.Entry<String, Object> t : rows.entrySet()) {
                Map<String, Object> r = map(t.getValue());
                String[] k = t.getKey().split("\u0000");
                md.append("| ").append(k[0]).append(" | ").append(r.getOrDefault("profile", k[1])).append(" | ")
                        .append(fmt(r.get("warmup_s"))).append(" | ").append(fmt(r.get("window_s"))).append(" | ")
                        .append(fmt(r.get("rss_mb_mean"))).append(" | ").append(fmt(r.get("rss_mb_max")))
                        .append(" | ").append(fmt(r.get("cpu_pct"))).append(" | ").append(fmt(r.get("probes_seen")))
                        .append(r.containsKey("error") ? " (error: " + r.get("error") + ")" : "").append(" | ")
                        .append(r.containsKey("settings") ? Effective.brief(map(r.get("settings"))) : "")
                        .append(" |\n");
            }
            md.append('\n');
        }
        md.append(scaleTable("Scale: one ultrawatch watchdog, N bots, 1 s probes", map(sc.get("scale"))));
        md.append(scaleTable("Scale, notify bots: one ultrawatch watchdog, N bots, each sending WATCHDOG=1 every "
                + Effective.ms(Profile.SCALE_NOTIFY_WATCHDOG_MS / 2) + " (watchdog_interval "
                + Effective.ms(Profile.SCALE_NOTIFY_WATCHDOG_MS) + ")", map(sc.get("scale_notify"))));
        md.append(NotifyVsHttp.markdown(sc));
        Map<String, Object> killed = map(sc.get("watchdog_killed"));
        if (!killed.isEmpty()) {
            md.append("### Watchdog killed (SIGKILL), revived by cron/ensure_running.sh\n\n"
                    + "| trial | bot downtime ms | kill → new watchdog adopted the bot ms | bot pid unchanged |"
                    + " adopted bot crash → new 200 ms | note |\n|---|---|---|---|---|---|\n");
            for (Map<String, Object> r : list(map(killed.get("ultrawatch")).get("trials"))) {
                md.append("| ").append(fmt(r.get("trial"))).append(" | ").append(fmt(r.get("bot_downtime_ms")))
                        .append(" | ").append(fmt(r.get("kill_to_adopted_ms"))).append(" | ")
                        .append(fmt(r.get("bot_pid_unchanged"))).append(" | ")
                        .append(fmt(r.get("adopted_crash_to_ready_ms"))).append(" | ")
                        .append(fmt(r.getOrDefault("pending", r.getOrDefault("error", "")))).append(" |\n");
            }
            md.append('\n');
        }
        Map<String, Object> chaos = map(sc.get("chaos"));
        if (!chaos.isEmpty()) {
            md.append("### Chaos: seeded random faults (crash, hang, leak, hang + SIGTERM ignored)").append(tag)
                    .append("\n\n");
            if (chaos.values().stream().anyMatch(v -> map(v).containsKey("density"))) {
                md.append("The tools of one density ran at the same time, each on its own port, under the same"
                        + " schedule.\n\n");
            }
            md.append("| density | fault every s | tool | duration s | faults | availability % | outages |"
                    + " outage median ms | outage max ms | down s | faults injected | skipped (bot unreachable) |"
                    + " bot processes |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Object> t : chaos.entrySet()) {
                Map<String, Object> r = map(t.getValue());
                md.append("| ").append(chaosDensity(t.getKey(), r)).append(" | ").append(chaosGap(r)).append(" | ")
                        .append(chaosTool(t.getKey(), r)).append(" | ").append(fmt(r.get("duration_s"))).append(" | ")
                        .append(fmt(r.getOrDefault("faults_scheduled", faultCount(r)))).append(" | ")
                        .append(fmt(r.get("availability_pct"))).append(" | ").append(fmt(r.get("outages")))
                        .append(" | ").append(fmt(r.get("outage_median_ms"))).append(" | ")
                        .append(fmt(r.get("outage_max_ms"))).append(" | ").append(fmt(r.get("downtime_s")))
                        .append(" | ").append(fmt(r.get("faults_injected")))
                        .append(" | ").append(fmt(r.get("faults_skipped_bot_unreachable"))).append(" | ")
                        .append(fmt(r.get("distinct_pids")))
                        .append(r.containsKey("error") ? " (error: " + r.get("error") + ")" : "").append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** One row per bot count of scale or scale_notify; "" when the run has none. */
    static String scaleTable(String title, Map<String, Object> scale) {
        if (scale.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("### " + title + "\n\n"
                + "| bots | all up after s | warm-up s | window s | CPU % of a core | RSS mean MB | RSS max MB |"
                + " probe lateness p50 ms | p99 ms | max ms | restarts | RUNNING at the end | settings |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Object> t : scale.entrySet()) {
            Map<String, Object> r = map(t.getValue());
            md.append("| ").append(fmt(r.getOrDefault("bots", t.getKey()))).append(" | ")
                    .append(fmt(r.get("all_up_s"))).append(" | ").append(fmt(r.get("warmup_s"))).append(" | ")
                    .append(fmt(r.get("window_s"))).append(" | ")
                    .append(fmt(r.get("cpu_pct"))).append(" | ").append(fmt(r.get("rss_mb_mean"))).append(" | ")
                    .append(fmt(r.get("rss_mb_max"))).append(" | ").append(fmt(r.get("probe_lateness_p50_ms")))
                    .append(" | ").append(fmt(r.get("probe_lateness_p99_ms"))).append(" | ")
                    .append(fmt(r.get("probe_lateness_max_ms"))).append(" | ")
                    .append(fmt(r.get("restarts_during_run")))
                    .append(r.containsKey("error") ? " (error: " + r.get("error") + ")" : "").append(" | ")
                    .append(fmt(r.get("running_at_end"))).append(" | ")
                    .append(r.containsKey("settings") ? Effective.brief(map(r.get("settings"))) : "")
                    .append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** A chaos entry's density; entries of older runs are keyed by the tool alone and ran at 8–20 s. */
    static String chaosDensity(String key, Map<String, Object> r) {
        Object d = r.get("density");
        return d != null ? d.toString() : key.contains("/") ? key.substring(0, key.indexOf('/')) : "stress";
    }

    static String chaosTool(String key, Map<String, Object> r) {
        Object t = r.get("tool");
        return t != null ? t.toString() : key.substring(key.indexOf('/') + 1);
    }

    static String chaosGap(Map<String, Object> r) {
        return r.containsKey("gap_s_min") ? fmt(r.get("gap_s_min")) + "–" + fmt(r.get("gap_s_max")) : "8–20";
    }

    private static Object faultCount(Map<String, Object> r) {
        long n = map(r.get("faults_injected")).values().stream()
                .mapToLong(v -> v instanceof Number x ? x.longValue() : 0).sum();
        return n + (r.get("faults_skipped_bot_unreachable") instanceof Number x ? x.longValue() : 0);
    }

    static String delays(Object o) {
        if (!(o instanceof List<?> l) || l.isEmpty()) {
            return "–";
        }
        List<String> parts = new ArrayList<>();
        l.forEach(v -> parts.add(fmt(v)));
        return String.join(", ", parts);
    }

    private static String orphanCell(Map<String, Object> m) {
        List<Map<String, Object>> trials = list(m.get("trials"));
        long orphans = trials.stream().mapToLong(t -> ((Number) t.getOrDefault("orphans", 0)).longValue()).sum();
        boolean error = trials.stream().anyMatch(t -> t.containsKey("error"));
        return orphans + " of " + trials.size() + (error ? " (error)" : "");
    }

    static String hows(List<Map<String, Object>> trials, String key) {
        if (key == null) {
            return "";
        }
        Map<String, Integer> n = new TreeMap<>();
        for (Map<String, Object> t : trials) {
            Object v = t.containsKey("error") ? "error: " + t.get("error") : t.get(key);
            if (v != null) {
                n.merge(String.valueOf(v), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        n.forEach((k, c) -> parts.add(c + "× " + k));
        return String.join("; ", parts);
    }
}
