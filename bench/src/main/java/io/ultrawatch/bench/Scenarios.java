package io.ultrawatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The scenarios of issue 6. Every trial starts the tool afresh, injects one fault through the bot, times it from
 * the bot's own stamps, and ends with a clean-up by pid. Each returns one flat map that goes into the JSON as is.
 */
final class Scenarios {
    /** A fault not acted on within this is reported "not detected". */
    static final long DETECT_LIMIT_MS = 60_000;

    /** Phase jitter: a fault waits uniform 0..this ms before it is injected. */
    static final int PHASE_JITTER_MS = 1000;

    private final Env env;
    private final Path work;
    private final int port;
    private final long seed;
    private int dirs;

    Scenarios(Env env, Path work, int port, long seed) {
        this.env = env;
        this.work = work;
        this.port = port;
        this.seed = seed;
    }

    /**
     * The seeded delay before the fault of trial {@code trial} of a timing scenario, uniform in 0..1000 ms: trials
     * start at fixed offsets from the tool's start, so without it every fault lands at the same phase of monit's and
     * supervisord's 1 s cycles (and of ultrawatch's probe clock). It depends on the seed, the scenario and the trial
     * only, so every tool gets the same delay in the same trial and a run is reproducible.
     */
    long phaseDelayMs(String scenario, int trial) {
        long mix = seed * 0x9E3779B97F4A7C15L + 31L * scenario.hashCode() + trial;
        return new SplittableRandom(mix).nextInt(PHASE_JITTER_MS + 1);
    }

    /** Waits the trial's phase delay and records it. */
    private void phase(Map<String, Object> r, String scenario, int trial) {
        long d = phaseDelayMs(scenario, trial);
        r.put("phase_delay_ms", d);
        Clock.sleepMs(d);
    }

    synchronized Path newDir(String label) throws IOException {
        Path d = work.resolve(String.format("%03d-%s", ++dirs, label));
        Files.createDirectories(d);
        return d;
    }

    // ---- crash ----

    Map<String, Object> crash(String tool, Profile profile, int trial) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Trial t = Trial.startSettled(tool, newDir(profile.name() + "-crash-" + tool), env, port, profile)) {
            r.put("settled_after_start_ms", t.settledAfterStartMs);
            phase(r, "crash", trial);
            long fault = t.inject("crash", t.pid0).at();
            Http.Answer ok = Trial.awaitHealthy(port, Set.of(t.pid0), DETECT_LIMIT_MS);
            r.put("recovered", ok != null);
            if (ok == null) {
                return r;
            }
            BotLog.Line start = t.bot.log().start(ok.pid()).orElseThrow();
            r.put("fault_to_fork_ms", start.num("fork_ms") - fault);
            r.put("fault_to_first_line_ms", start.at() - fault);
            r.put("fault_to_ready_ms", ok.atMs() - fault);
            r.put("fork_to_ready_ms", ok.atMs() - start.num("fork_ms"));
            r.put("new_pid", ok.pid());
        }
        return r;
    }

    // ---- hangs ----

    /**
     * @param kind        hang or hardhang (hang + SIGTERM ignored)
     * @param afterRestart inject the hang 1.5 s (plus the phase delay) after a fresh process started (it follows a
     *                     crash): blind windows, so it does not wait for the tool's settle time; a plain hang does
     */
    Map<String, Object> hang(String tool, String kind, boolean afterRestart, Profile profile, int trial)
            throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        String label = profile.name() + "-" + (afterRestart ? "hang-after-restart-" : kind + "-") + tool;
        String scenario = afterRestart ? "hang_after_restart" : kind;
        Path dir = newDir(label);
        try (Trial t = afterRestart ? Trial.start(tool, dir, env, port, profile)
                : Trial.startSettled(tool, dir, env, port, profile)) {
            if (!afterRestart) {
                r.put("settled_after_start_ms", t.settledAfterStartMs);
            }
            long victim = t.pid0;
            Set<Long> old = new HashSet<>(Set.of(t.pid0));
            if (afterRestart) {
                t.inject("crash", t.pid0);
                Optional<BotLog.Line> next = t.bot.log().await(l -> l.kind().equals("START") && l.pid() != t.pid0,
                        DETECT_LIMIT_MS);
                if (next.isEmpty()) {
                    r.put("recovered", false);
                    r.put("note", "no restart after the crash that precedes the hang");
                    return r;
                }
                victim = next.get().pid();
                old.add(victim);
                // The delay goes after the 1.5 s: the restarted bot's start is tied to the tool's cycle (monit
                // starts it in a cycle), so only a delay here moves the hang to another phase of it.
                Clock.sleepUntil(next.get().at() + 1500);
                phase(r, scenario, trial);
                r.put("hang_after_start_ms", Clock.nowMs() - next.get().at());
            } else {
                phase(r, scenario, trial);
            }
            long fault = t.inject(kind, victim).at();
            Http.Answer ok = Trial.awaitHealthy(port, old, DETECT_LIMIT_MS);
            r.put("recovered", ok != null);
            r.put("hung_pid_died", t.howDied(victim));
            if (ok != null) {
                r.put("fault_to_ready_ms", ok.atMs() - fault);
                t.bot.log().start(ok.pid()).ifPresent(s -> r.put("fault_to_fork_ms", s.num("fork_ms") - fault));
            }
        }
        return r;
    }

    // ---- notify against HTTP: the hang decision (ultrawatch) ----

    /**
     * One hang under ultrawatch with {@link Profile#notifyHang()} (notify) or {@link Profile#sameBudget()} (http):
     * fault → the watchdog's restart decision, and the decision against its deadline ({@link HangDecision}). Both
     * health checks get the same phase delay in the same trial. The harness sends the bot no /health from the fault
     * until the decision, so the bot's HELD line is the watchdog's probe, not the harness's.
     */
    Map<String, Object> notifyHang(Profile profile, int trial) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Trial t = Trial.startSettled("ultrawatch", newDir(profile.name() + "-notify-hang"), env, port,
                profile)) {
            r.put("settled_after_start_ms", t.settledAfterStartMs);
            phase(r, "notify_hang", trial);
            BotLog.Line fault = t.inject("hang", t.pid0);
            Optional<UltrawatchTool.EventLine> restart = ((UltrawatchTool) t.tool).awaitEvent("restart", t.pid0,
                    DETECT_LIMIT_MS);
            if (restart.isEmpty()) {
                r.put("recovered", false);
                r.put("note", "no restart event for the hung pid within " + DETECT_LIMIT_MS / 1000 + " s");
                return r;
            }
            r.put("restart_reason", restart.get().reason());
            r.put("restart_message", restart.get().message());
            HangDecision d = HangDecision.of(fault, t.bot.log().find(l -> l.kind().equals("HELD")
                    && l.pid() == t.pid0), profile, restart.get().atMs());
            r.putAll(d.toMap());
            Http.Answer ok = Trial.awaitHealthy(port, Set.of(t.pid0), DETECT_LIMIT_MS);
            r.put("recovered", ok != null);
            t.bot.log().find(l -> l.kind().equals("TERM") && l.pid() == t.pid0)
                    .ifPresent(term -> r.put("decision_to_term_ms", term.at() - d.decisionMs()));
            r.put("hung_pid_died", t.howDied(t.pid0));
            if (ok != null) {
                r.put("fault_to_ready_ms", ok.atMs() - fault.at());
            }
        }
        return r;
    }

    // ---- memory leak ----

    Map<String, Object> leak(String tool, Profile profile, int trial) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Trial t = Trial.startSettled(tool, newDir(profile.name() + "-leak-" + tool), env, port, profile)) {
            r.put("settled_after_start_ms", t.settledAfterStartMs);
            phase(r, "leak", trial);
            t.inject("leak", t.pid0);
            Optional<BotLog.Line> cross = t.bot.log().await(l -> l.kind().equals("FAULT")
                    && "leak_cross".equals(l.name()) && l.pid() == t.pid0, 10_000);
            if (cross.isEmpty()) {
                throw new IllegalStateException("the leaking bot never passed " + Profile.MEMORY_LIMIT_MB + " MB");
            }
            long fault = cross.get().at();
            Http.Answer ok = Trial.awaitHealthy(port, Set.of(t.pid0), DETECT_LIMIT_MS);
            r.put("recovered", ok != null);
            r.put("leaking_pid_died", t.howDied(t.pid0));
            if (ok != null) {
                r.put("cross_to_ready_ms", ok.atMs() - fault);
                t.bot.log().start(ok.pid()).ifPresent(s -> r.put("cross_to_fork_ms", s.num("fork_ms") - fault));
            } else {
                r.put("rss_mb_at_end", Procs.rssKb(t.pid0) / 1024);
            }
        }
        return r;
    }

    // ---- stop of a bot that ignores SIGTERM ----

    Map<String, Object> stopIgnoringTerm(String tool, Profile profile, int trial) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Trial t = Trial.startSettled(tool, newDir(profile.name() + "-stop-" + tool), env, port, profile)) {
            r.put("settled_after_start_ms", t.settledAfterStartMs);
            t.inject("ignore_term", t.pid0);
            long ticks = Procs.stat(t.pid0).orElseThrow().startTicks();
            // The stop request is what is timed here, so the phase delay goes before it.
            phase(r, "stop_ignoring_term", trial);
            long asked = Clock.nowMs();
            t.tool.requestStop(t.bot);
            long gone = -1;
            while (Clock.nowMs() - asked < DETECT_LIMIT_MS) {
                if (!Procs.alive(t.pid0, ticks)) {
                    gone = Clock.nowMs();
                    break;
                }
                Clock.sleepMs(Trial.POLL_MS);
            }
            final long goneAt = gone;
            r.put("stopped", gone > 0);
            r.put("how", t.howDied(t.pid0));
            t.bot.log().find(l -> l.kind().equals("TERM") && l.pid() == t.pid0).ifPresent(term -> {
                r.put("request_to_term_ms", term.at() - asked);
                if (goneAt > 0) {
                    r.put("term_to_gone_ms", goneAt - term.at());
                }
            });
            if (gone > 0) {
                r.put("request_to_gone_ms", gone - asked);
            }
        }
        return r;
    }

    // ---- orphans ----

    /** @param how "restart" (a requested restart) or "crash" */
    Map<String, Object> orphan(String tool, String how, Profile profile, int trial) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Trial t = Trial.startSettled(tool, newDir(profile.name() + "-orphan-" + how + "-" + tool), env, port,
                profile)) {
            r.put("settled_after_start_ms", t.settledAfterStartMs);
            Http.get(port, "/fault/spawn_child", 1000);
            BotLog.Line child = t.bot.log().await(l -> l.kind().equals("CHILD") && l.pid() == t.pid0, 2000)
                    .orElseThrow(() -> new IllegalStateException("the bot did not spawn its child"));
            long childPid = child.num("child");
            long ticks = Procs.stat(childPid).orElseThrow().startTicks();
            phase(r, "orphans_" + how, trial);
            if (how.equals("restart")) {
                t.tool.requestRestart(t.bot);
            } else {
                t.inject("crash", t.pid0);
            }
            Http.Answer ok = Trial.awaitHealthy(port, Set.of(t.pid0), DETECT_LIMIT_MS);
            r.put("recovered", ok != null);
            Clock.sleepMs(1000);
            boolean orphan = Procs.alive(childPid, ticks);
            r.put("orphans", orphan ? 1 : 0);
            if (orphan) {
                r.put("orphan_parent", Procs.stat(childPid).map(Procs.Stat::ppid).orElse(-1L));
            }
        }
        return r;
    }

    // ---- idle cost ----

    /** @param profile {@link Profile#idle()} or {@link Profile#idleBusy()} (ultrawatch reads it; the others do not) */
    Map<String, Object> idle(String tool, Profile profile, long warmMs, long windowMs) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Trial t = Trial.start(tool, newDir(profile.name() + "-" + tool), env, port, profile)) {
            if (t.tool instanceof UltrawatchTool u) {
                r.put("profile", profile.name());
                r.put("settings", Effective.of(env.jar(), u.config()));
            }
            r.put("warmup_s", warmMs / 1000.0);
            Clock.sleepMs(warmMs);
            r.putAll(measure(t.tool.pid(), windowMs, List.of(t.bot), profile.probeIntervalMs()));
            r.put("bot_pid_unchanged", Http.get(port, "/health", 500).pid() == t.pid0);
        }
        return r;
    }

    /**
     * CPU % of one core and RSS of the supervisor's process over a window (the bot not included); probe lateness
     * from the bots' own /health arrival times within the window.
     */
    Map<String, Object> measure(long pid, long windowMs, List<BotSpec> bots, int probeIntervalMs) {
        Map<String, Object> r = new LinkedHashMap<>();
        long t0 = Clock.nowMs();
        long c0 = cpuTicks(pid);
        Map<String, Long> threads0 = Procs.threadTicks(pid);
        List<Long> rss = new ArrayList<>();
        while (Clock.nowMs() - t0 < windowMs) {
            rss.add(Procs.rssKb(pid));
            Clock.sleepMs(1000);
        }
        long t1 = Clock.nowMs();
        long c1 = cpuTicks(pid);
        rss.add(Procs.rssKb(pid));
        r.put("window_s", Stats.round((t1 - t0) / 1000.0, 1));
        r.put("cpu_pct", Stats.round(100.0 * (c1 - c0) / Procs.HZ / ((t1 - t0) / 1000.0), 3));
        r.put("rss_mb_mean", Stats.round(Stats.mean(rss) / 1024, 1));
        r.put("rss_mb_max", Stats.round(Stats.max(rss) / 1024, 1));
        List<Long> lateness = new ArrayList<>();
        long probes = 0;
        for (BotSpec b : bots) {
            List<Long> at = healthArrivals(b.port(), t0, t1);
            probes += at.size();
            for (int i = 1; i < at.size(); i++) {
                lateness.add(at.get(i) - at.get(i - 1) - probeIntervalMs);
            }
        }
        r.put("probes_seen", probes);
        r.put("cpu_pct_by_thread", threadCpu(pid, threads0, t0, Clock.nowMs()));
        if (!lateness.isEmpty()) {
            r.put("probe_lateness_p50_ms", Stats.percentile(lateness, 50));
            r.put("probe_lateness_p99_ms", Stats.percentile(lateness, 99));
            r.put("probe_lateness_max_ms", Stats.max(lateness));
        }
        return r;
    }

    /** utime + stime of a supervisor that must still be running: one that died is the finding, not a figure. */
    static long cpuTicks(long pid) {
        return Procs.stat(pid).orElseThrow(() -> new IllegalStateException("the supervisor (pid " + pid + ") is gone:"
                + " it exited during the measurement")).cpuTicks();
    }

    /** The busiest threads of the window, % of one core each (thread names with their numbers folded together). */
    static Map<String, Object> threadCpu(long pid, Map<String, Long> before, long t0, long t1) {
        Map<String, Long> after = Procs.threadTicks(pid);
        Map<String, Double> pct = new LinkedHashMap<>();
        after.forEach((name, ticks) -> pct.put(name,
                100.0 * (ticks - before.getOrDefault(name, 0L)) / Procs.HZ / ((t1 - t0) / 1000.0)));
        Map<String, Object> top = new LinkedHashMap<>();
        pct.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(8)
                .filter(e -> e.getValue() > 0).forEach(e -> top.put(e.getKey(), Stats.round(e.getValue(), 3)));
        return top;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Long> healthArrivals(int port, long fromMs, long toMs) {
        List<Long> out = new ArrayList<>();
        Http.Answer a = Http.get(port, "/stats", 2000);
        if (!a.ok()) {
            return out;
        }
        try {
            for (JsonNode n : JSON.readTree(a.body()).get("health")) {
                long v = n.asLong();
                if (v >= fromMs && v <= toMs) {
                    out.add(v);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    // ---- scale (ultrawatch) ----

    /**
     * One ultrawatch watchdog with n bench bots: CPU and RSS of the watchdog in the window after the warm-up.
     *
     * @param profile {@link Profile#scale()} (1 s HTTP probes) or {@link Profile#scaleNotify()} (notify bots beating
     *                every 1 s); the same in everything else
     */
    Map<String, Object> scale(int n, Profile profile, long warmMs, long windowMs) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        Path dir = newDir(profile.name() + "-" + n);
        List<BotSpec> bots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path bd = dir.resolve("b" + i);
            Files.createDirectories(bd);
            bots.add(new BotSpec("bot" + i, port + 1 + i, bd, bd.resolve("bot.events"), env.botScript()));
        }
        UltrawatchTool tool = new UltrawatchTool(dir, env);
        try {
            long t0 = Clock.nowMs();
            tool.start(bots, profile);
            r.put("profile", profile.name());
            r.put("health", profile.healthInWords());
            r.put("settings", Effective.of(env.jar(), tool.config()));
            int up = 0;
            while (Clock.nowMs() - t0 < 180_000) {
                up = 0;
                for (BotSpec b : bots) {
                    if (Http.get(b.port(), "/health", 300).ok()) {
                        up++;
                    }
                }
                if (up == n) {
                    break;
                }
                Clock.sleepMs(500);
            }
            r.put("bots", n);
            r.put("all_up_s", Stats.round((Clock.nowMs() - t0) / 1000.0, 1));
            if (up < n) {
                r.put("error", up + " of " + n + " bots up after 180 s" + exited(tool));
                return r;
            }
            r.put("warmup_s", warmMs / 1000.0);
            Clock.sleepMs(warmMs);
            try {
                r.putAll(measure(tool.pid(), windowMs, bots, profile.probeIntervalMs()));
            } catch (IllegalStateException e) {
                r.put("error", e.getMessage() + exited(tool));
                return r;
            }
            r.put("restarts_during_run", restarts(tool.statusFile()));
            // A notify bot answers the harness's /health whether or not its READY=1 reached the watchdog: RUNNING in
            // status.json is the watchdog's own word that it is up (and, with a deadline, beating).
            r.put("running_at_end", running(tool.statusFile()));
        } finally {
            tool.close();
        }
        return r;
    }

    /** "", or how the watchdog ended when it is gone (a crash leaves its hs_err file next to the console log). */
    private static String exited(UltrawatchTool tool) {
        if (tool.process == null || tool.process.isAlive()) {
            return "";
        }
        return "; the watchdog exited with code " + tool.process.exitValue() + " (see "
                + tool.dir.resolve("ultrawatch.console.log") + ")";
    }

    /** Bots in state RUNNING in status.json; -1 when it cannot be read. */
    static long running(Path status) {
        try {
            long n = 0;
            for (JsonNode b : JSON.readTree(status.toFile()).get("bots")) {
                if ("RUNNING".equals(b.path("state").asText())) {
                    n++;
                }
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long restarts(Path status) {
        try {
            long sum = 0;
            for (JsonNode b : JSON.readTree(status.toFile()).get("bots")) {
                sum += b.get("restarts_total").asLong();
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    // ---- watchdog killed (ultrawatch + the cron layer) ----

    Map<String, Object> watchdogKilled() throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        Path ensure = env.root().resolve("cron/ensure_running.sh");
        if (!Files.isRegularFile(ensure)) {
            r.put("pending", "cron/ensure_running.sh is not in this tree yet");
            return r;
        }
        // A private ULTRA_ROOT: the scripts keep status/ and logs/ under it, so the repo's own are never touched.
        Path root = newDir("watchdog-killed");
        Files.createDirectories(root.resolve("watchdog/target"));
        Files.createDirectories(root.resolve("demo-bot/target"));
        Files.createSymbolicLink(root.resolve("watchdog/target/ultrawatch.jar"), env.jar());
        Path demoJar = env.root().resolve("demo-bot/target/demo-bot.jar");
        if (Files.exists(demoJar)) {
            Files.createSymbolicLink(root.resolve("demo-bot/target/demo-bot.jar"), demoJar);
        }
        BotSpec bot = new BotSpec("bot", port, root, root.resolve("bot.events"), env.botScript());
        UltrawatchTool first = new UltrawatchTool(root, env);
        Set<Long> cleanup = new HashSet<>();
        Prober prober = null;
        try {
            first.start(List.of(bot), Profile.tight());
            Http.Answer up = Trial.awaitHealthy(port, Set.of(), 30_000);
            if (up == null) {
                throw new IllegalStateException("bot not up under ultrawatch");
            }
            Clock.sleepMs(Trial.SETTLE_MS);
            long botPid = up.pid();
            prober = new Prober(port);
            Clock.sleepMs(1000);
            long killedAt = Clock.nowMs();
            first.process.destroyForcibly();
            cleanup.add(first.pid());
            // cron's next run comes long after the JVM is gone; calling the script while the killed JVM is still
            // exiting would (rightly) find a live watchdog and do nothing.
            try {
                first.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // As cron would: the check runs right after the kill (cron's minute timer is not what is measured).
            Map<String, String> envVars = Map.of("ULTRA_ROOT", root.toString(),
                    "ULTRA_CONFIG", first.config().toString(), "ULTRA_JVM_OPTS", String.join(" ", env.jvmOpts()));
            ProcessBuilder pb = new ProcessBuilder("bash", ensure.toString()).directory(root.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("ensure.log").toFile()))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(envVars);
            Process p = pb.start();
            r.put("ensure_exit", waitExit(p, 30_000));
            long revived = -1;
            long newWatchdog = -1;
            while (Clock.nowMs() - killedAt < 30_000) {
                newWatchdog = watchdogPid(root);
                if (newWatchdog > 0 && newWatchdog != first.pid() && adopted(first.statusFile(), botPid)) {
                    revived = Clock.nowMs();
                    break;
                }
                Clock.sleepMs(20);
            }
            if (newWatchdog > 0) {
                cleanup.add(newWatchdog);
            }
            r.put("revived", revived > 0);
            if (revived > 0) {
                r.put("kill_to_adopted_ms", revived - killedAt);
            }
            Clock.sleepMs(3000);
            List<long[]> samples = prober.stop();
            List<Long> outages = Prober.outages(samples, prober.endMs());
            r.put("bot_downtime_ms", outages.stream().mapToLong(Long::longValue).sum());
            r.put("bot_pid_unchanged", Http.get(port, "/health", 500).pid() == botPid);
            // The revived watchdog must really supervise the adopted bot: crash it and time the new pid.
            if (revived > 0) {
                long fault = Http.get(port, "/fault/crash", 1000).ok()
                        ? bot.log().await(l -> l.kind().equals("FAULT") && l.pid() == botPid, 2000)
                        .map(BotLog.Line::at).orElse(-1L) : -1;
                Http.Answer ok = Trial.awaitHealthy(port, Set.of(botPid), DETECT_LIMIT_MS);
                r.put("adopted_crash_recovered", ok != null);
                if (ok != null && fault > 0) {
                    r.put("adopted_crash_to_ready_ms", ok.atMs() - fault);
                }
            }
            r.put("recovered", revived > 0 && Boolean.TRUE.equals(r.getOrDefault("adopted_crash_recovered", false)));
        } finally {
            if (prober != null) {
                prober.stop();
            }
            long w = watchdogPid(root);
            if (w > 0) {
                cleanup.add(w);
                Procs.signal(w, false);
                Clock.sleepMs(3000);
            }
            first.bots = List.of(bot);
            cleanup.addAll(bot.log().allPids());
            Procs.killTrees(cleanup);
            first.close();
        }
        return r;
    }

    private static Object waitExit(Process p, long ms) {
        try {
            return p.waitFor(ms, java.util.concurrent.TimeUnit.MILLISECONDS) ? p.exitValue() : "timeout";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static long watchdogPid(Path root) {
        try {
            String[] f = Files.readString(root.resolve("status/watchdog.pid")).trim().split("\\s+");
            long pid = Long.parseLong(f[0]);
            return Procs.alive(pid) ? pid : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean adopted(Path status, long botPid) {
        try {
            for (JsonNode b : JSON.readTree(status.toFile()).get("bots")) {
                if (b.get("pid").asLong() == botPid && b.get("adopted").asBoolean()) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    // ---- chaos ----

    /**
     * A chaos density: faults every {@code gapMinS}..{@code gapMaxS} seconds (uniform).
     *
     * @param name "stress" (8–20 s), "sparse" (60–120 s), or "gap-A-B" for another --chaos-gap-s
     */
    record Density(String name, int gapMinS, int gapMaxS) {
        static final Density STRESS = new Density("stress", 8, 20);
        static final Density SPARSE = new Density("sparse", 60, 120);

        /** "A-B" in seconds; the name of a known density when it has those bounds. */
        static Density parse(String spec) {
            String[] p = spec.trim().split("-");
            if (p.length != 2) {
                throw new IllegalArgumentException("--chaos-gap-s wants MIN-MAX in seconds, e.g. 8-20; got " + spec);
            }
            int min = Integer.parseInt(p[0].trim());
            int max = Integer.parseInt(p[1].trim());
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("--chaos-gap-s: need 1 <= MIN <= MAX; got " + spec);
            }
            for (Density d : List.of(STRESS, SPARSE)) {
                if (d.gapMinS == min && d.gapMaxS == max) {
                    return d;
                }
            }
            return new Density("gap-" + min + "-" + max, min, max);
        }

        String gap() {
            return gapMinS + "–" + gapMaxS;
        }
    }

    /**
     * The seeded fault schedule: offsets (ms) and kinds, the same for every tool. The first fault comes 5 s in, the
     * last at least 5 s before the end. With the stress density (8–20 s) it is the schedule of the earlier runs.
     */
    static List<Object[]> chaosSchedule(long seed, long durationMs, Density d) {
        Random rnd = new Random(seed);
        String[] kinds = {"crash", "hang", "leak", "hardhang"};
        List<Object[]> out = new ArrayList<>();
        long t = 5_000;
        int spanMs = (d.gapMaxS() - d.gapMinS()) * 1000;
        while (t < durationMs - 5_000) {
            out.add(new Object[] {t, kinds[rnd.nextInt(kinds.length)]});
            t += d.gapMinS() * 1000L + rnd.nextInt(spanMs + 1);
        }
        return out;
    }

    /** One tool under the schedule, its bot on {@code botPort} (tools run concurrently, each on its own port). */
    Map<String, Object> chaos(String tool, Profile profile, int botPort, long seed, long durationMs, Density d)
            throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        List<Object[]> schedule = chaosSchedule(seed, durationMs, d);
        r.put("density", d.name());
        r.put("tool", tool);
        r.put("gap_s_min", d.gapMinS());
        r.put("gap_s_max", d.gapMaxS());
        r.put("port", botPort);
        r.put("profile", profile.name());
        try (Trial t = Trial.start(tool, newDir(profile.name() + "-chaos-" + d.name() + "-" + tool), env, botPort,
                profile)) {
            r.put("first_pid", t.pid0);
            Prober prober = new Prober(botPort);
            long t0 = Clock.nowMs();
            Map<String, Integer> injected = new LinkedHashMap<>();
            int skipped = 0;
            for (Object[] e : schedule) {
                Clock.sleepUntil(t0 + (Long) e[0]);
                String kind = (String) e[1];
                Http.Answer a = Http.get(botPort, "/fault/" + kind, 500);
                if (a.ok()) {
                    injected.merge(kind, 1, Integer::sum);
                } else {
                    skipped++;
                }
            }
            Clock.sleepUntil(t0 + durationMs);
            List<long[]> samples = prober.stop();
            long end = prober.endMs();
            Set<Long> pids = new HashSet<>();
            samples.stream().filter(s -> s[1] == 1).forEach(s -> pids.add(s[2]));
            List<Long> outages = Prober.outages(samples, end);
            r.put("duration_s", Stats.round((end - t0) / 1000.0, 1));
            r.put("seed", seed);
            r.put("faults_scheduled", schedule.size());
            r.put("faults_injected", injected);
            r.put("faults_skipped_bot_unreachable", skipped);
            r.put("availability_pct", Stats.round(Stats.availability(samples, end), 3));
            r.put("samples", samples.size());
            r.put("outages", outages.size());
            r.put("outage_median_ms", outages.isEmpty() ? 0 : Stats.median(outages));
            r.put("outage_max_ms", outages.isEmpty() ? 0 : Stats.max(outages));
            r.put("downtime_s", Stats.round(outages.stream().mapToLong(Long::longValue).sum() / 1000.0, 1));
            r.put("distinct_pids", pids.size());
            r.put("recovered", Trial.awaitHealthy(botPort, Set.of(), 15_000) != null);
        }
        return r;
    }
}
