package io.ultrawatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark of issue 6: the same bench bot and the same faults under ultrawatch, supervisord and monit.
 *
 * <pre>
 * java -jar ultrawatch-bench.jar --root REPO [--quick] [--trials N] [--tools a,b] [--scenarios a,b] [--out DIR] ...
 * java -jar ultrawatch-bench.jar --render RESULTS.json      (re-draws the .md and .png of a results file)
 * java -jar ultrawatch-bench.jar --help                     (every option and its default: {@link BenchCommand})
 * </pre>
 *
 * Chaos: without --chaos-gap-s (and without --quick) it runs at two densities one after the other, "stress" (a fault
 * every 8–20 s) and "sparse" (60–120 s), each --chaos-seconds long (default 600); the tools of one density run
 * concurrently, each with its bot on its own port (--port + the tool's index) and its own prober, under the same
 * seeded schedule. With --chaos-gap-s only that density runs.
 *
 * Exit code 1 when a scenario did not recover at all (a crash, hang, leak or stop never handled by ultrawatch, or
 * an error in a trial), else 0. Slow or missed targets are reported, never failed on.
 */
public final class Bench {
    static final List<String> ALL_TOOLS = List.of("ultrawatch", "supervisord", "monit");
    static final List<String> ALL_SCENARIOS = List.of("crash", "hang", "hang_after_restart", "hardhang", "leak",
            "stop_ignoring_term", "orphans", "idle", "idle-busy", "scale", "scale_notify", "notify_hang",
            "watchdog_killed", "chaos");
    /**
     * --quick leaves out idle-busy and scale_notify (cost figures, no recovery to check; scale_notify would add half
     * a minute); --scenarios can still ask for them. notify_hang stays: one short trial per health check.
     */
    static final List<String> QUICK_SCENARIOS = ALL_SCENARIOS.stream()
            .filter(s -> !s.equals("idle-busy") && !s.equals("scale_notify")).toList();
    /** notify_hang's two sides, in table order: the same bot and budget, pushed beats against a polled probe. */
    static final Map<String, java.util.function.Supplier<Profile>> NOTIFY_HANG_SIDES = sides();

    private static Map<String, java.util.function.Supplier<Profile>> sides() {
        Map<String, java.util.function.Supplier<Profile>> m = new LinkedHashMap<>();
        m.put("notify", Profile::notifyHang);
        m.put("http", Profile::sameBudget);
        return Collections.unmodifiableMap(m);
    }
    /** Cross-tool timing scenarios: run under every selected comparison profile. */
    static final List<String> TIMING_SCENARIOS = List.of("crash", "hang", "hang_after_restart", "hardhang", "leak",
            "stop_ignoring_term");
    /**
     * Run under the first selected profile only: orphans counts survivors (no check timing decides it) and chaos is
     * 20 minutes a profile.
     */
    static final List<String> FIRST_PROFILE_SCENARIOS = List.of("orphans", "chaos");

    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(BenchCommand.commandLine().execute(args));
    }

    /** Runs what the command line asks for; 1 when a scenario did not recover at all, else 0. */
    static int run(BenchCommand o) throws Exception {
        if (o.render != null) {
            // Re-draws the tables and the chart of an existing results JSON (e.g. after merging runs).
            Path json = o.render;
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = new ObjectMapper().readValue(json.toFile(), LinkedHashMap.class);
            String base = json.getFileName().toString().replaceAll("\\.json$", "");
            Files.writeString(json.resolveSibling(base + ".md"), Summary.markdown(doc));
            Chart.write(doc, json.resolveSibling(base + ".png"));
            return 0;
        }
        boolean quick = o.quick;
        Path root = o.root();
        Path builtJar = root.resolve("watchdog/target/ultrawatch.jar");
        Path bot = root.resolve("bench/bot/bench_bot.py");
        String jvm = o.jvmOpts();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (!Files.exists(builtJar)) {
            throw new IllegalStateException("no " + builtJar + ": build first (mvn -B -q install -DskipTests)");
        }
        Path work = Files.createTempDirectory("uwb-");
        // A private copy: a rebuild of the watchdog during a long run must not mix two versions in one result.
        Path jar = work.resolve("ultrawatch.jar");
        Files.copy(builtJar, jar);
        Env env = new Env(root, jar, bot, split(jvm), java);
        if (o.ultraJvmExtra != null) {
            UltrawatchTool.extraJvm = split(o.ultraJvmExtra);
        }
        if (o.ultraBrokenSinks) {
            UltrawatchTool.brokenSinks = BrokenSinks.open();
        }
        Profile.memorySampleOverrideMs = o.ultraMemorySampleMs;
        Profile.statusIntervalOverrideMs = o.ultraStatusIntervalMs;
        Profile.healthStopGraceOverrideMs = o.ultraHealthStopGraceMs;
        List<String> tools = o.tools();
        List<String> scenarios = o.scenarios();
        List<Profile> profiles = o.profiles();
        int trials = o.trials();
        long chaosMs = o.chaosMs();
        List<Scenarios.Density> densities = o.densities();
        long idleWarm = o.warmupMs();
        long idleWindow = o.windowMs();
        // 1 bot too: the notify against HTTP table compares 1, 50 and 200 bots, each side at the same settings.
        List<Integer> scale = quick ? List.of(50) : List.of(1, 50, 200);
        int port = o.port;
        long seed = o.seed;
        Path out = o.out();
        String name = o.name();
        Files.createDirectories(out);
        System.out.println("bench: " + (quick ? "quick" : "full") + " run, tools " + tools + ", profiles "
                + profiles.stream().map(Profile::name).toList() + ", " + trials + " trial(s), work folder " + work);

        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> meta = meta(env, quick, trials, chaosMs, seed, tools);
        meta.put("scenarios", scenarios);
        if (scenarios.contains("notify_hang")) {
            meta.put("notify_hang_trials_per_side", o.notifyHangTrials());
        }
        meta.put("profiles", profiles.stream().map(Profile::name).toList());
        meta.put("chaos_densities", densities.stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("gap_s_min", d.gapMinS());
            m.put("gap_s_max", d.gapMaxS());
            m.put("faults_scheduled", Scenarios.chaosSchedule(seed, chaosMs, d).size());
            return m;
        }).toList());
        meta.put("idle_scale_warmup_s", idleWarm / 1000);
        meta.put("idle_scale_window_s", idleWindow / 1000);
        meta.put("phase_jitter", "a delay uniform in 0.." + Scenarios.PHASE_JITTER_MS + " ms before the fault of"
                + " each timing trial (phase_delay_ms), from the seed, the scenario and the trial number: the same"
                + " for every tool");
        doc.put("meta", meta);
        // Per comparison profile: each tool's budget, settle time and generated config, then its results.
        Map<String, Object> byProfile = new LinkedHashMap<>();
        for (Profile p : profiles) {
            Map<String, Object> pd = new LinkedHashMap<>();
            pd.put("label", p.label());
            pd.put("tools", toolSheets(env, work, tools, p));
            pd.put("scenarios", new LinkedHashMap<String, Object>());
            byProfile.put(p.name(), pd);
        }
        doc.put("profiles", byProfile);
        doc.put("configs", configs(env, work, tools));
        Map<String, Object> results = new LinkedHashMap<>();
        doc.put("scenarios", results);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Scenarios s = new Scenarios(env, work, port, seed);
        long started = System.currentTimeMillis();

        Profile first = profiles.get(0);
        for (Profile p : profiles) {
            Map<String, Object> profileResults = Summary.map(Summary.map(byProfile.get(p.name())).get("scenarios"));
            Map<String, Object> firstResults = Summary.map(Summary.map(byProfile.get(first.name())).get("scenarios"));
            for (String sc : scenarios) {
                boolean timing = TIMING_SCENARIOS.contains(sc);
                if (!timing && !(p == first && FIRST_PROFILE_SCENARIOS.contains(sc))) {
                    continue;
                }
                Map<String, Object> perTool = new LinkedHashMap<>();
                profileResults.put(sc, perTool);
                String label = p.name() + "/" + sc;
                if (sc.equals("chaos")) {
                    if (chaosMs > 0) {
                        for (Scenarios.Density d : densities) {
                            perTool.putAll(chaosConcurrently(s, p, d, tools, port, seed, chaosMs, failures));
                            writeJson(out.resolve(name + ".json"), doc);
                        }
                    }
                } else if (sc.equals("orphans")) {
                    for (String tool : tools) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        int n = Math.min(trials, 2);
                        m.put("after_requested_restart", repeat(sc, label, tool, n, failures,
                                i -> s.orphan(tool, "restart", p, i)));
                        m.put("after_crash", repeat(sc, label, tool, n, failures,
                                i -> s.orphan(tool, "crash", p, i)));
                        perTool.put(tool, m);
                    }
                } else {
                    for (String tool : tools) {
                        if (p != first && sameConfig(env, work, tool, first, p)) {
                            // Nothing the profiles set reaches this tool's config (supervisord): the same run twice
                            // would only measure noise, and its "not handled" trials cost 60 s each.
                            Map<String, Object> shared = new LinkedHashMap<>(
                                    Summary.map(Summary.map(firstResults.get(sc)).get(tool)));
                            shared.put("shared_from", first.name());
                            perTool.put(tool, shared);
                            continue;
                        }
                        perTool.put(tool, repeat(sc, label, tool, trials, failures, i -> switch (sc) {
                            case "crash" -> s.crash(tool, p, i);
                            case "hang" -> s.hang(tool, "hang", false, p, i);
                            case "hang_after_restart" -> s.hang(tool, "hang", true, p, i);
                            case "hardhang" -> s.hang(tool, "hardhang", false, p, i);
                            case "leak" -> s.leak(tool, p, i);
                            default -> s.stopIgnoringTerm(tool, p, i);
                        }));
                    }
                }
                writeJson(out.resolve(name + ".json"), doc);
            }
        }

        for (String sc : scenarios) {
            if (TIMING_SCENARIOS.contains(sc) || FIRST_PROFILE_SCENARIOS.contains(sc)) {
                continue;
            }
            Map<String, Object> perTool = new LinkedHashMap<>();
            results.put(sc, perTool);
            switch (sc) {
                case "idle" -> {
                    for (String tool : tools) {
                        perTool.put(tool, once(sc, tool, failures,
                                () -> s.idle(tool, Profile.idle(), idleWarm, idleWindow)));
                    }
                }
                case "idle-busy" -> {
                    if (tools.contains("ultrawatch")) {
                        perTool.put("ultrawatch", once(sc, "ultrawatch", failures,
                                () -> s.idle("ultrawatch", Profile.idleBusy(), idleWarm, idleWindow)));
                    }
                }
                case "scale", "scale_notify" -> {
                    if (tools.contains("ultrawatch")) {
                        Profile profile = sc.equals("scale") ? Profile.scale() : Profile.scaleNotify();
                        for (int n : scale) {
                            perTool.put("ultrawatch_" + n, once(sc, "ultrawatch", failures,
                                    () -> s.scale(n, profile, idleWarm, idleWindow)));
                        }
                    }
                }
                case "notify_hang" -> {
                    if (tools.contains("ultrawatch")) {
                        perTool.putAll(interleaved(sc, o.notifyHangTrials(), failures, s::notifyHang));
                    }
                }
                case "watchdog_killed" -> {
                    if (tools.contains("ultrawatch")) {
                        perTool.put("ultrawatch", repeat(sc, sc, "ultrawatch", Math.min(trials, 3), failures,
                                i -> s.watchdogKilled()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown scenario " + sc + "; known: " + ALL_SCENARIOS);
            }
            writeJson(out.resolve(name + ".json"), doc);
        }
        castMeta(doc).put("duration_s", (System.currentTimeMillis() - started) / 1000);
        writeJson(out.resolve(name + ".json"), doc);
        Files.writeString(out.resolve(name + ".md"), Summary.markdown(doc));
        try {
            Chart.write(doc, out.resolve(name + ".png"));
        } catch (RuntimeException | Error e) {
            System.out.println("bench: the chart could not be drawn (" + e + "); the JSON and tables are complete");
        }
        System.out.println(Summary.markdown(doc));
        System.out.println("bench: results in " + out.resolve(name + ".json") + ", .md, .png; trial folders in "
                + work);
        if (!failures.isEmpty()) {
            System.out.println("bench: FAILED, did not recover: " + failures);
            return 1;
        }
        System.out.println("bench: every scenario recovered");
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMeta(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("meta");
    }

    interface Run {
        Map<String, Object> run() throws Exception;
    }

    /** One trial of one side of notify_hang under that side's profile; {@code trial} counts from 1. */
    interface SideRun {
        Map<String, Object> run(Profile profile, int trial) throws Exception;
    }

    /** One trial of a repeated scenario; {@code trial} counts from 1. */
    interface TrialRun {
        Map<String, Object> run(int trial) throws Exception;
    }

    /**
     * One chaos density: every tool at once, each on its own thread, bot port ({@code port} + the tool's index in
     * {@link #ALL_TOOLS}) and prober, the same schedule. Entries are keyed "density/tool".
     */
    static Map<String, Object> chaosConcurrently(Scenarios s, Profile p, Scenarios.Density d, List<String> tools,
                                                 int port, long seed, long chaosMs, List<String> failures)
            throws InterruptedException {
        Map<String, Object> results = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Thread> threads = new ArrayList<>();
        System.out.println("bench: chaos " + d.name() + " under " + p.name() + " (a fault every " + d.gap() + " s, "
                + Scenarios.chaosSchedule(seed, chaosMs, d).size() + " faults in " + chaosMs / 1000 + " s), tools "
                + tools + " concurrently");
        for (String tool : tools) {
            // Fixed order in the JSON whatever finishes first.
            results.put(d.name() + "/" + tool, Map.of());
            int botPort = port + ALL_TOOLS.indexOf(tool);
            Thread t = new Thread(() -> results.put(d.name() + "/" + tool,
                    once(p.name() + "/chaos-" + d.name(), tool, failures,
                            () -> s.chaos(tool, p, botPort, seed, chaosMs, d))),
                    "bench-chaos-" + tool);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return new LinkedHashMap<>(results);
    }

    /**
     * N trials of scenario {@code sc} ({@code label} names it in the log and the failures, e.g. "same-budget/hang");
     * a tool that did not act on the fault in one (no mechanism for it) is not run again: its other trials would only
     * wait out the same 60 s.
     */
    static Map<String, Object> repeat(String sc, String label, String tool, int n, List<String> failures,
                                      TrialRun run) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            final int trial = i;
            Map<String, Object> r = once(label, tool, failures, () -> run.run(trial));
            r.put("trial", i);
            list.add(r);
            if (Boolean.FALSE.equals(r.get("recovered")) || Boolean.FALSE.equals(r.get("stopped"))
                    || r.containsKey("error") || r.containsKey("pending")) {
                if (i < n) {
                    r.put("note", "further trials skipped: the outcome does not vary (" + tool
                            + " has no mechanism for this fault)");
                }
                break;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", list);
        m.put("summary", Summary.summarize(sc, list));
        return m;
    }

    /**
     * notify_hang: trial i of every side, then trial i + 1, so a change in the host's load meets both sides alike.
     * A side that did not recover is not run again (as in {@link #repeat}). Keyed by side: {trials, summary,
     * profile, health}.
     */
    static Map<String, Object> interleaved(String sc, int n, List<String> failures, SideRun run) {
        Map<String, List<Map<String, Object>>> trials = new LinkedHashMap<>();
        NOTIFY_HANG_SIDES.keySet().forEach(side -> trials.put(side, new ArrayList<>()));
        for (int i = 1; i <= n; i++) {
            final int trial = i;
            for (Map.Entry<String, java.util.function.Supplier<Profile>> side : NOTIFY_HANG_SIDES.entrySet()) {
                List<Map<String, Object>> done = trials.get(side.getKey());
                if (!done.isEmpty() && stopsTheSeries(done.get(done.size() - 1))) {
                    continue;
                }
                Map<String, Object> r = once(sc + "/" + side.getKey(), "ultrawatch", failures,
                        () -> run.run(side.getValue().get(), trial));
                r.put("trial", i);
                done.add(r);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        trials.forEach((side, list) -> {
            Profile p = NOTIFY_HANG_SIDES.get(side).get();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("profile", p.name());
            m.put("health", p.healthInWords());
            m.put("trials", list);
            m.put("summary", Summary.summarize(sc, list));
            out.put(side, m);
        });
        return out;
    }

    private static boolean stopsTheSeries(Map<String, Object> r) {
        return Boolean.FALSE.equals(r.get("recovered")) || r.containsKey("error");
    }

    static Map<String, Object> once(String sc, String tool, List<String> failures, Run run) {
        long t = System.currentTimeMillis();
        Map<String, Object> r;
        try {
            r = new LinkedHashMap<>(run.run());
        } catch (Exception e) {
            r = new LinkedHashMap<>();
            r.put("error", e.toString());
        }
        boolean failed = r.containsKey("error")
                || ("ultrawatch".equals(tool) && (Boolean.FALSE.equals(r.get("recovered"))
                || Boolean.FALSE.equals(r.get("stopped"))));
        if (failed) {
            failures.add(sc + "/" + tool);
        }
        System.out.printf("bench: %-20s %-12s %5.1f s  %s%n", sc, tool, (System.currentTimeMillis() - t) / 1000.0, r);
        return r;
    }

    static Map<String, Object> meta(Env env, boolean quick, int trials, long chaosMs, long seed, List<String> tools)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("mode", quick ? "quick" : "full");
        m.put("trials_per_timing_scenario", trials);
        m.put("chaos_seconds", chaosMs / 1000);
        m.put("chaos_seed", seed);
        m.put("tools", tools);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("java", firstLine(List.of(env.java(), "-version")));
        v.put("ultrawatch", firstLine(List.of(env.java(), "-jar", env.jar().toString(), "version")));
        v.put("supervisord", firstLine(List.of("supervisord", "--version")));
        v.put("monit", firstLine(List.of("monit", "-V")));
        v.put("python3", firstLine(List.of("/usr/bin/python3", "--version")));
        v.put("kernel", firstLine(List.of("uname", "-r")));
        m.put("versions", v);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("nproc", Runtime.getRuntime().availableProcessors());
        h.put("mem_total_mb", memTotalMb());
        h.put("loadavg_at_start", Files.readString(Path.of("/proc/loadavg")).trim());
        m.put("host", h);
        m.put("ultrawatch_jvm_opts", String.join(" ", env.jvmOpts()) + (UltrawatchTool.extraJvm.isEmpty() ? ""
                : " " + String.join(" ", UltrawatchTool.extraJvm)));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("memory_limit_mb", Profile.MEMORY_LIMIT_MB);
        p.put("stop_grace_s", Profile.GRACE_S);
        p.put("startup_allowance_s", Profile.STARTUP_ALLOWANCE_S);
        p.put("recovery_poll_ms", Trial.POLL_MS);
        p.put("chaos_probe_ms", Prober.PERIOD_MS);
        // What the bench writes into ultrawatch's config per profile ("default" = the key is left out); the
        // effective values, defaults included, are under configs.effective.
        Map<String, Object> profiles = new LinkedHashMap<>();
        for (Profile pr : ULTRAWATCH_PROFILES.get()) {
            profiles.put(pr.name(), pr.written());
        }
        p.put("ultrawatch_profiles", profiles);
        m.put("settings", p);
        return m;
    }

    /** Every profile ultrawatch runs under (built on demand: the overrides of the command line apply). */
    static final java.util.function.Supplier<List<Profile>> ULTRAWATCH_PROFILES = () -> List.of(Profile.sameBudget(),
            Profile.tight(), Profile.idle(), Profile.idleBusy(), Profile.scale(), Profile.scaleNotify(),
            Profile.notifyHang());

    /**
     * Per tool, under one comparison profile: what it is given ({@link Budget}), how long it settles before a plain
     * scenario's fault ({@link Settle}) and its generated config, side by side.
     */
    static Map<String, Object> toolSheets(Env env, Path work, List<String> tools, Profile p) throws IOException {
        Map<String, Object> sheets = new LinkedHashMap<>();
        for (String t : tools) {
            Path d = work.resolve("configs").resolve(p.name()).resolve(t);
            Files.createDirectories(d);
            BotSpec b = new BotSpec("bot", 18100, d, d.resolve("bot.events"), env.botScript());
            Tool tool = Tool.create(t, d, env);
            Map<String, Object> sheet = new LinkedHashMap<>();
            sheet.put("budget", tool.budget(p).toMap());
            sheet.put("settle", tool.settle(p).toMap());
            sheet.put("config", tool.writeConfig(List.of(b), p));
            sheets.put(t, sheet);
        }
        return sheets;
    }

    /**
     * Whether a tool's generated config (with the scripts it runs) is the same text under both profiles, written into
     * the same folder.
     */
    static boolean sameConfig(Env env, Path work, String tool, Profile a, Profile b) throws IOException {
        Path d = work.resolve("configs").resolve("compare").resolve(tool);
        Files.createDirectories(d);
        BotSpec bot = new BotSpec("bot", 18100, d, d.resolve("bot.events"), env.botScript());
        String textA = Tool.create(tool, d, env).writeConfig(List.of(bot), a);
        String textB = Tool.create(tool, d, env).writeConfig(List.of(bot), b);
        return textA.equals(textB);
    }

    /**
     * ultrawatch's configs for idle, idle-busy and scale, and under "effective" ultrawatch's settings per profile as
     * its own config loader reads them (defaults filled in). The comparison configs are under profiles.
     */
    static Map<String, Object> configs(Env env, Path work, List<String> tools) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        Path dir = work.resolve("configs");
        if (tools.contains("ultrawatch")) {
            Map<String, Object> effective = new LinkedHashMap<>();
            for (Profile p : ULTRAWATCH_PROFILES.get()) {
                Path d = dir.resolve("ultrawatch-" + p.name());
                Files.createDirectories(d);
                BotSpec b = new BotSpec("bot", 18100, d, d.resolve("bot.events"), env.botScript());
                UltrawatchTool u = new UltrawatchTool(d, env);
                String text = u.writeConfig(List.of(b), p);
                if (!p.name().equals(Profile.TIGHTEST) && !p.name().equals(Profile.SAME_BUDGET)) {
                    c.put("ultrawatch_" + p.name().replace('-', '_'), text);
                }
                effective.put(p.name(), Effective.of(env.jar(), u.config()));
            }
            c.put("effective", effective);
        }
        return c;
    }

    static String firstLine(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text;
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            p.waitFor();
            return text.lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim();
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    static long memTotalMb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    static void writeJson(Path file, Object doc) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }
}
