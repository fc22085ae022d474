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
                "--ultra-jvm-extra", "(default: 18100", "(default: 6)", "(default: 5; 1 with --quick)",
                "(default: 500;");
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
}
