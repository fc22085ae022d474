package io.ultrawatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's own logic (schedules, phase delays, generated configs); no tool is started. */
class HarnessTest {
    @TempDir
    Path dir;

    private static Map<String, Integer> kinds(List<Object[]> schedule) {
        Map<String, Integer> n = new TreeMap<>();
        schedule.forEach(e -> n.merge((String) e[1], 1, Integer::sum));
        return n;
    }

    @Test
    void stressScheduleIsTheOneOfTheEarlierRuns() {
        List<Object[]> s = Scenarios.chaosSchedule(6, 600_000, Scenarios.Density.STRESS);
        assertThat(s).hasSize(40);
        assertThat(kinds(s)).isEqualTo(Map.of("crash", 9, "hang", 12, "leak", 13, "hardhang", 6));
    }

    @Test
    void sparseScheduleKeepsItsGaps() {
        List<Object[]> s = Scenarios.chaosSchedule(6, 600_000, Scenarios.Density.SPARSE);
        assertThat(s).hasSize(7);
        for (int i = 1; i < s.size(); i++) {
            long gap = (Long) s.get(i)[0] - (Long) s.get(i - 1)[0];
            assertThat(gap).isBetween(60_000L, 120_000L);
        }
    }

    @Test
    void gapOptionParses() {
        assertThat(Scenarios.Density.parse("8-20")).isEqualTo(Scenarios.Density.STRESS);
        assertThat(Scenarios.Density.parse("60-120")).isEqualTo(Scenarios.Density.SPARSE);
        assertThat(Scenarios.Density.parse("30-40").name()).isEqualTo("gap-30-40");
        assertThatThrownBy(() -> Scenarios.Density.parse("20-8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scenarios.Density.parse("8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void phaseDelaysAreSeededSpreadAndTheSameForEveryTool() {
        Scenarios a = new Scenarios(null, dir, 18100, 6);
        Scenarios b = new Scenarios(null, dir, 18100, 6);
        Set<Long> seen = new HashSet<>();
        for (int trial = 1; trial <= 50; trial++) {
            long d = a.phaseDelayMs("crash", trial);
            assertThat(d).isBetween(0L, (long) Scenarios.PHASE_JITTER_MS);
            assertThat(b.phaseDelayMs("crash", trial)).isEqualTo(d);
            seen.add(d / 250);
        }
        assertThat(seen).hasSize(4);
        assertThat(new Scenarios(null, dir, 18100, 7).phaseDelayMs("crash", 1))
                .isNotEqualTo(a.phaseDelayMs("crash", 1));
    }

    private String config(Profile p) throws IOException {
        Files.createDirectories(dir.resolve(p.name()));
        Env env = new Env(dir, dir.resolve("ultrawatch.jar"), dir.resolve("bench_bot.py"), List.of(), "java");
        UltrawatchTool u = new UltrawatchTool(dir.resolve(p.name()), env);
        BotSpec b = new BotSpec("bot", 18100, dir.resolve(p.name()), dir.resolve("bot.events"), env.botScript());
        return u.writeConfig(List.of(b), p);
    }

    @Test
    void tightProfile() throws IOException {
        String y = config(Profile.tight());
        assertThat(y).contains("interval: 250ms, timeout: 250ms, failure_threshold: 2, startup_timeout: 10s,"
                + " stop_grace: 500ms}");
        assertThat(y).contains("memory: {max_mb: 64, sample_interval: 100ms, consecutive_samples: 1}");
        assertThat(y).contains("stop: {signal: TERM, grace: 2s}");
    }

    @Test
    void idleLeavesTheWatchdogDefaults() throws IOException {
        String y = config(Profile.idle());
        assertThat(y).doesNotContain("status_interval").doesNotContain("sample_interval")
                .doesNotContain("failure_threshold").doesNotContain("stop:").doesNotContain("restart");
        assertThat(y).contains("interval: 1s, timeout: 500ms}").contains("memory: {max_mb: 64}");
        String busy = config(Profile.idleBusy());
        assertThat(busy).contains("status_interval: 1s").contains("sample_interval: 1s, consecutive_samples: 1");
        String scale = config(Profile.scale());
        assertThat(scale).doesNotContain("status_interval").doesNotContain("sample_interval")
                .contains("interval: 1s, timeout: 500ms");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run bench(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = BenchCommand.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Run r = bench("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--root", "--quick", "--render", "--trials", "--tools", "--scenarios", "--port",
                "--seed", "--out", "--name", "--chaos-seconds", "--chaos-gap-s", "--warmup-s", "--window-s",
                "--jvm-opts", "--ultra-memory-sample-ms", "--ultra-status-interval-ms", "--ultra-health-stop-grace-ms",
                "--ultra-jvm-extra", "--profile", "same-budget|tightest|both", "(default: 18100", "(default: 6)",
                "(default: 3; 1 with --quick)", "(default: 500;", "(default: both;");
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheOption() {
        Run trials = bench("--trials", "many");
        assertThat(trials.code()).isEqualTo(2);
        assertThat(trials.err()).contains("--trials", "many");
        Run tools = bench("--tools", "ultrawatch,systemd");
        assertThat(tools.code()).isEqualTo(2);
        assertThat(tools.err()).contains("--tools", "unknown tool 'systemd'");
        Run gap = bench("--chaos-gap-s", "20-8");
        assertThat(gap.code()).isEqualTo(2);
        assertThat(gap.err()).contains("--chaos-gap-s", "20-8");
        Run profile = bench("--profile", "fastest");
        assertThat(profile.code()).isEqualTo(2);
        assertThat(profile.err()).contains("--profile", "fastest", "same-budget, tightest, both");
        assertThat(bench("--no-such-option").code()).isEqualTo(2);
    }

    @Test
    void quickChangesTheDefaultsOnly() {
        BenchCommand quick = new BenchCommand();
        picocli.CommandLine cl = new picocli.CommandLine(quick);
        cl.parseArgs("--quick", "--root", dir.toString());
        assertThat(quick.trials()).isEqualTo(1);
        assertThat(quick.tools()).containsExactly("ultrawatch");
        assertThat(quick.scenarios()).doesNotContain("idle-busy");
        assertThat(quick.out()).isEqualTo(dir.toAbsolutePath().resolve("bench/target/quick"));
        assertThat(quick.name()).isEqualTo("quick");
        BenchCommand full = new BenchCommand();
        new picocli.CommandLine(full).parseArgs("--trials", "3", "--scenarios", "crash,idle");
        assertThat(full.trials()).isEqualTo(3);
        assertThat(full.scenarios()).containsExactly("crash", "idle");
        assertThat(full.tools()).isEqualTo(Bench.ALL_TOOLS);
        assertThat(full.densities()).hasSize(2);
    }


    // ---- comparison profiles ----

    private static List<String> profileNames(String... args) {
        BenchCommand c = new BenchCommand();
        new picocli.CommandLine(c).parseArgs(args);
        return c.profiles().stream().map(Profile::name).toList();
    }

    @Test
    void profileSelection() {
        assertThat(profileNames()).containsExactly("same-budget", "tightest");
        assertThat(profileNames("--quick")).containsExactly("same-budget");
        assertThat(profileNames("--profile", "tightest")).containsExactly("tightest");
        assertThat(profileNames("--quick", "--profile", "both")).containsExactly("same-budget", "tightest");
        assertThat(profileNames("--profile", "same-budget")).containsExactly("same-budget");
        assertThatThrownBy(() -> ProfileChoice.parse("tight")).hasMessageContaining("--profile")
                .hasMessageContaining("'tight'").hasMessageContaining("same-budget");
    }

    private Env env() {
        return new Env(dir, dir.resolve("ultrawatch.jar"), dir.resolve("bench_bot.py"), List.of(), "java");
    }

    /** A tool's generated config for one bot, in a folder of its own per profile. */
    private String toolConfig(String tool, Profile p) throws IOException {
        Path d = dir.resolve(tool + "-" + p.name());
        Files.createDirectories(d);
        BotSpec b = new BotSpec("bot", 18100, d, d.resolve("bot.events"), env().botScript());
        return Tool.create(tool, d, env()).writeConfig(List.of(b), p);
    }

    @Test
    void sameBudgetUltrawatchConfig() throws IOException {
        String y = toolConfig("ultrawatch", Profile.sameBudget());
        assertThat(y).contains("interval: 1s, timeout: 1s, failure_threshold: 1, startup_timeout: 10s,"
                + " stop_grace: 2s}");
        assertThat(y).contains("memory: {max_mb: 64, sample_interval: 1s, consecutive_samples: 1}");
        assertThat(y).contains("stop: {signal: TERM, grace: 2s}");
    }

    @Test
    void sameBudgetMonitConfigActsOnTheFirstFailedCycleAndKillsAfterTheGrace() throws IOException {
        String m = toolConfig("monit", Profile.sameBudget());
        assertThat(m).startsWith("set daemon 1\n");
        assertThat(m).contains("protocol http request \"/health\" with timeout 1 seconds then restart\n")
                .doesNotContain("cycles");
        assertThat(m).contains("-start.sh\" with timeout 10 seconds\n");
        // The script waits out the 2 s grace before its SIGKILL, so monit gives it 3 s.
        assertThat(m).contains("-stop.sh\" with timeout 3 seconds\n");
        assertThat(m).contains("if totalmem > 64 MB then restart");
        assertThat(m).contains("-ge 20 ]").contains("kill -KILL -\"$pid\"");
        Path script = dir.resolve("monit-same-budget/bot-stop.sh");
        assertThat(Files.readString(script)).contains("kill -TERM -\"$pid\"").contains("kill -KILL -\"$pid\"");
    }

    @Test
    void tightestMonitConfigIsTheEarlierRunsOne() throws IOException {
        String m = toolConfig("monit", Profile.tight());
        assertThat(m).startsWith("set daemon 1\n");
        assertThat(m).contains("with timeout 1 seconds for 2 cycles then restart\n");
        assertThat(m).contains("-start.sh\" with timeout 10 seconds\n").contains("-stop.sh\" with timeout 2 seconds\n");
        assertThat(m).doesNotContain("KILL");
    }

    @Test
    void supervisordHasNothingAProfileChangesSoItsTrialsAreShared() throws IOException {
        String same = toolConfig("supervisord", Profile.sameBudget());
        assertThat(same).contains("stopwaitsecs=2\n").contains("startsecs=0\n").contains("killasgroup=true");
        assertThat(Bench.sameConfig(env(), dir, "supervisord", Profile.sameBudget(), Profile.tight())).isTrue();
        assertThat(Bench.sameConfig(env(), dir, "monit", Profile.sameBudget(), Profile.tight())).isFalse();
        assertThat(Bench.sameConfig(env(), dir, "ultrawatch", Profile.sameBudget(), Profile.tight())).isFalse();
    }

    @Test
    void budgetsOfTheSameBudgetProfileAgree() {
        Path d = dir.resolve("b");
        Budget u = Tool.create("ultrawatch", d, env()).budget(Profile.sameBudget());
        Budget m = Tool.create("monit", d, env()).budget(Profile.sameBudget());
        Budget s = Tool.create("supervisord", d, env()).budget(Profile.sameBudget());
        assertThat(u.checkInterval()).startsWith("1s");
        assertThat(m.checkInterval()).startsWith("1 s");
        assertThat(u.checkTimeout()).startsWith("1s");
        assertThat(m.checkTimeout()).startsWith("1 s");
        assertThat(u.failuresBeforeAction()).startsWith("1 ");
        assertThat(m.failuresBeforeAction()).startsWith("1 ");
        assertThat(u.memorySampling()).startsWith("every 1s, 1 sample");
        assertThat(m.memorySampling()).startsWith("every cycle (1 s), 1 sample");
        for (Budget b : List.of(u, m, s)) {
            assertThat(b.stopGrace()).contains("SIGKILL after 2 s");
        }
        assertThat(Tool.create("monit", d, env()).budget(Profile.tight()).stopGrace()).contains("never sends SIGKILL");
        assertThat(s.checkInterval()).contains("no health checks");
    }

    @Test
    void settleTimePerTool() {
        Path d = dir.resolve("s");
        for (Profile p : List.of(Profile.sameBudget(), Profile.tight())) {
            // monit: its start timeout (10 s) + the margin, from the bot process's start.
            assertThat(Tool.create("monit", d, env()).settle(p).afterMs()).isEqualTo(11_000);
            assertThat(Tool.create("ultrawatch", d, env()).settle(p).afterMs()).isEqualTo(Settle.MARGIN_MS);
            assertThat(Tool.create("supervisord", d, env()).settle(p).afterMs()).isEqualTo(Settle.MARGIN_MS);
        }
        assertThat(Settle.MARGIN_MS).isGreaterThanOrEqualTo(Profile.sameBudget().probeIntervalMs());
    }

    @Test
    void monitSettlesFromTheBotProcesssForkTime() throws IOException {
        Path d = dir.resolve("m");
        Files.createDirectories(d);
        BotSpec b = new BotSpec("bot", 18100, d, d.resolve("bot.events"), env().botScript());
        Tool monit = Tool.create("monit", d, env());
        assertThat(monit.settleReferenceMs(b, 42)).isEmpty();
        Files.writeString(b.events(), "START pid=41 at_ms=900 fork_ms=850\nSTART pid=42 at_ms=2000 fork_ms=1950\n");
        assertThat(monit.settleReferenceMs(b, 42)).hasValue(1950);
    }

    @Test
    void ultrawatchSettlesFromItsHealthyEventForThatPid() {
        List<String> lines = List.of(
                "{\"at\":\"2026-01-01T00:00:00.100Z\",\"bot\":\"bot\",\"kind\":\"starting\",\"pid\":42}",
                "{\"at\":\"2026-01-01T00:00:00.300Z\",\"bot\":\"bot\",\"kind\":\"healthy\",\"pid\":41}",
                "{\"at\":\"2026-01-01T00:00:00.500Z\",\"bot\":\"bot\",\"kind\":\"healthy\",\"pid\":42}",
                "{\"at\":\"2026-01-01T00:00:00.7");
        assertThat(UltrawatchTool.healthyAt(lines, 42))
                .hasValue(java.time.Instant.parse("2026-01-01T00:00:00.500Z").toEpochMilli());
        assertThat(UltrawatchTool.healthyAt(lines, 43)).isEmpty();
    }

    @Test
    void supervisordSettlesFromRunningAfterItsSpawnOfThatPid() {
        List<String> lines = List.of(
                "2026-01-01 00:00:00,100 INFO spawned: 'bot' with pid 41",
                "2026-01-01 00:00:00,101 INFO success: bot entered RUNNING state, process has stayed up for > than 0"
                        + " seconds (startsecs)",
                "2026-01-01 00:00:05,000 INFO spawned: 'bot' with pid 421",
                "2026-01-01 00:00:07,000 INFO spawned: 'bot' with pid 42",
                "2026-01-01 00:00:07,250 INFO success: bot entered RUNNING state, process has stayed up for > than 0"
                        + " seconds (startsecs)");
        long expected = java.time.LocalDateTime.of(2026, 1, 1, 0, 0, 7, 250_000_000)
                .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        assertThat(SupervisordTool.runningAt(lines, "bot", 42)).hasValue(expected);
        assertThat(SupervisordTool.runningAt(lines.subList(0, 4), "bot", 42)).isEmpty();
    }

    @Test
    void aTrialOfAProfileIsSummarizedAsItsScenario() {
        List<String> failures = new java.util.ArrayList<>();
        Map<String, Object> r = Bench.repeat("hang", "same-budget/hang", "ultrawatch", 2, failures,
                i -> Map.of("recovered", true, "fault_to_ready_ms", 1000 + i * 100, "settled_after_start_ms", 1100));
        Map<String, Object> summary = Summary.map(r.get("summary"));
        assertThat(summary).containsEntry("n", 2).containsEntry("fault_to_ready_ms_median", 1150.0)
                .containsEntry("fault_to_ready_ms_max", 1200.0).containsEntry("settled_after_start_ms_median", 1100.0);
        assertThat(failures).isEmpty();
        Bench.repeat("hang", "tightest/hang", "ultrawatch", 1, failures, i -> Map.of("recovered", false));
        assertThat(failures).containsExactly("tightest/hang/ultrawatch");
    }

    @Test
    void markdownNamesTheProfileInEveryComparisonHeading() {
        Map<String, Object> trial = new java.util.LinkedHashMap<>(Map.of("recovered", true, "fault_to_ready_ms", 1600,
                "settled_after_start_ms", 11_050, "phase_delay_ms", 300));
        Map<String, Object> monitHang = Map.of("trials", List.of(trial), "summary",
                Summary.summarize("hang", List.of(trial)));
        Map<String, Object> sharedHang = new java.util.LinkedHashMap<>(monitHang);
        sharedHang.put("shared_from", "same-budget");
        Map<String, Object> sheet = Map.of("budget", new Budget("1 s", "1 s", "1", "every 1 s", "SIGKILL after 2 s",
                "10 s").toMap(), "settle", new Settle("bot start", 11_000, "start timeout 10 s + margin").toMap(), "config", "set daemon 1\n");
        Map<String, Object> profiles = new java.util.LinkedHashMap<>();
        profiles.put("same-budget", Map.of("label", Profile.sameBudget().label(), "tools", Map.of("monit", sheet),
                "scenarios", Map.of("hang", Map.of("monit", monitHang))));
        profiles.put("tightest", Map.of("label", Profile.tight().label(), "tools", Map.of("monit", sheet),
                "scenarios", Map.of("hang", Map.of("monit", sharedHang))));
        String md = Summary.markdown(Map.of("profiles", profiles, "scenarios", Map.of()));
        assertThat(md.indexOf("## Profile same-budget")).isLessThan(md.indexOf("## Profile tightest"));
        assertThat(md).contains("### What each tool is given [same-budget]", "### What each tool is given [tightest]",
                "[same-budget]\n\n| tool | N | handled |", "[tightest]\n\n| tool | N | handled |",
                "| monit | 1 s | 1 s | 1 | every 1 s | SIGKILL after 2 s | 10 s | bot start + 11000 ms (start timeout 10 s"
                        + " + margin) |",
                "monit (same config as same-budget: its trials)", "| 1600 | 1600 |", "| 11050 |",
                "<summary>monit config [same-budget]</summary>");
        assertThat(md.lines().filter(l -> l.startsWith("### Hang (alive"))).hasSize(2)
                .allMatch(l -> l.endsWith("[same-budget]") || l.endsWith("[tightest]"));
    }
}
