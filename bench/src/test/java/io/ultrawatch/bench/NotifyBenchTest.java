package io.ultrawatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notify against HTTP (issue 16's figures): configs, the deadline of a hang, the tables. No tool is started. */
class NotifyBenchTest {
    @TempDir
    Path dir;

    private Env env() {
        return new Env(dir, dir.resolve("ultrawatch.jar"), dir.resolve("bench_bot.py"), List.of(), "java");
    }

    private String ultrawatchConfig(Profile p) throws IOException {
        Path d = dir.resolve(p.name());
        Files.createDirectories(d);
        BotSpec b = new BotSpec("bot", 18100, d, d.resolve("bot.events"), env().botScript());
        return new UltrawatchTool(d, env()).writeConfig(List.of(b), p);
    }

    private static String healthLine(String yaml) {
        return yaml.lines().filter(l -> l.trim().startsWith("health:")).findFirst().orElseThrow();
    }

    // ---- configs ----

    @Test
    void notifyHangWritesANotifyCheckAsAUserWouldWithoutTheProbesKeys() throws IOException {
        String y = ultrawatchConfig(Profile.notifyHang());
        assertThat(healthLine(y).trim()).isEqualTo("health: {type: notify, watchdog_interval: 1s, startup_timeout:"
                + " 10s, stop_grace: 2s}");
        assertThat(y).doesNotContain("url:").doesNotContain("failure_threshold");
        assertThat(healthLine(ultrawatchConfig(Profile.scaleNotify())).trim()).isEqualTo("health: {type: notify,"
                + " watchdog_interval: 2s, startup_timeout: 2m}");
    }

    @Test
    void eachNotifySideDiffersFromItsHttpSideInTheHealthCheckOnly() throws IOException {
        for (Profile[] pair : List.of(new Profile[] {Profile.sameBudget(), Profile.notifyHang()},
                new Profile[] {Profile.scale(), Profile.scaleNotify()})) {
            // The same folder for both, so paths in the config are the same text.
            Path d = dir.resolve("pair-" + pair[0].name());
            Files.createDirectories(d);
            BotSpec b = new BotSpec("bot", 18100, d, d.resolve("bot.events"), env().botScript());
            List<String> http = new ArrayList<>(new UltrawatchTool(d, env()).writeConfig(List.of(b), pair[0]).lines()
                    .toList());
            List<String> notify = new ArrayList<>(new UltrawatchTool(d, env()).writeConfig(List.of(b), pair[1])
                    .lines().toList());
            assertThat(healthLine(String.join("\n", http))).contains("url:");
            http.removeIf(l -> l.trim().startsWith("health:"));
            notify.removeIf(l -> l.trim().startsWith("health:"));
            assertThat(notify).isEqualTo(http).anyMatch(l -> l.contains("memory:"));
        }
    }

    @Test
    void theDeadlineIsTheWatchdogIntervalForNotifyAndTheProbeTimeoutForHttp() {
        assertThat(Profile.notifyHang().deadlineAfterMs()).isEqualTo(Profile.NOTIFY_HANG_WATCHDOG_MS);
        assertThat(Profile.sameBudget().deadlineAfterMs()).isEqualTo(1000);
        assertThat(Profile.tight().deadlineAfterMs()).isEqualTo(250);
        Profile noTimeout = new Profile("x", 1000, null, 1, 10, null, null, null, null, null, false, false,
                Profile.Monit.SAME_BUDGET, null);
        assertThatThrownBy(noTimeout::deadlineAfterMs).hasMessageContaining("health.timeout");
        assertThat(Profile.notifyHang().name()).isEqualTo("same-budget-notify");
        assertThat(Profile.notifyHang().written()).containsEntry("health.type", "notify")
                .containsEntry("health.watchdog_interval_ms", 1000).doesNotContainKey("health.timeout_ms");
        assertThat(Profile.sameBudget().written()).containsEntry("health.type", "http")
                .containsEntry("health.timeout_ms", 1000);
    }

    // ---- the hang's deadline, from the bot's own lines ----

    private List<BotLog.Line> botLines(String text) throws IOException {
        Path f = dir.resolve("bot-" + System.nanoTime() + ".events");
        Files.writeString(f, text);
        return new BotLog(f).lines();
    }

    @Test
    void aNotifyBotsDeadlineIsItsLastBeatPlusTheWatchdogInterval() throws IOException {
        List<BotLog.Line> l = botLines("START pid=42 at_ms=9000 fork_ms=8990\n"
                + "READY pid=42 at_ms=9050 notify_beat_ms=500\n"
                + "FAULT hang pid=42 at_ms=10300 last_beat_ms=10100\n");
        HangDecision d = HangDecision.of(l.get(2), Optional.empty(), Profile.notifyHang(), 11_103);
        assertThat(d.deadlineMs()).isEqualTo(11_100);
        assertThat(d.toMap()).containsEntry("fault_to_decision_ms", 803L).containsEntry("fault_to_deadline_ms", 800L)
                .containsEntry("decision_after_deadline_ms", 3L).containsEntry("deadline", HangDecision.NOTIFY_BASIS);
    }

    @Test
    void anHttpProbesDeadlineIsTheHeldProbesArrivalPlusTheTimeoutAndItsBeatIsIgnored() throws IOException {
        List<BotLog.Line> l = botLines("FAULT hang pid=42 at_ms=10300\nHELD pid=42 at_ms=10750\n");
        HangDecision d = HangDecision.of(l.get(0), Optional.of(l.get(1)), Profile.sameBudget(), 11_752);
        assertThat(d.toMap()).containsEntry("fault_to_deadline_ms", 1450L)
                .containsEntry("decision_after_deadline_ms", 2L).containsEntry("deadline", HangDecision.HTTP_BASIS);
        // A notify profile reads last_beat_ms, never the HELD line.
        assertThat(HangDecision.of(l.get(0), Optional.of(l.get(1)), Profile.notifyHang(), 11_752).deadlineKnown())
                .isFalse();
    }

    @Test
    void anUnknownDeadlineIsSaidAndNotGuessed() throws IOException {
        BotLog.Line fault = botLines("FAULT hang pid=42 at_ms=10300\n").get(0);
        Map<String, Object> http = HangDecision.of(fault, Optional.empty(), Profile.sameBudget(), 11_900).toMap();
        assertThat(http).containsEntry("fault_to_decision_ms", 1600L).doesNotContainKey("decision_after_deadline_ms")
                .containsKey("deadline_note");
        Map<String, Object> notify = HangDecision.of(fault, Optional.empty(), Profile.notifyHang(), 11_900).toMap();
        assertThat(notify).doesNotContainKey("fault_to_deadline_ms");
        assertThat((String) notify.get("deadline_note")).contains("last_beat_ms");
    }

    @Test
    void theDecisionIsTheFirstRestartEventOfTheHungPid() {
        List<String> lines = List.of(
                "{\"at\":\"2026-01-01T00:00:00.100Z\",\"bot\":\"bot\",\"kind\":\"healthy\",\"reason\":null,"
                        + "\"message\":\"bot is up\",\"pid\":42}",
                "{\"at\":\"2026-01-01T00:00:01.000Z\",\"bot\":\"bot\",\"kind\":\"restart\",\"reason\":\"exited\","
                        + "\"message\":\"Triggering restart of bot: exited\",\"pid\":41}",
                "{\"at\":\"2026-01-01T00:00:02.345Z\",\"bot\":\"bot\",\"kind\":\"restart\","
                        + "\"reason\":\"health_check_failed\",\"message\":\"Triggering restart of bot:"
                        + " health_check_failed (no WATCHDOG=1 for 1.0 s)\",\"pid\":42}",
                "{\"at\":\"2026-01-01T00:00:03.000Z\",\"bot\":\"bot\",\"kind\":\"restart\",\"reas");
        UltrawatchTool.EventLine e = UltrawatchTool.firstEvent(lines, "restart", 42).orElseThrow();
        assertThat(e.atMs()).isEqualTo(Instant.parse("2026-01-01T00:00:02.345Z").toEpochMilli());
        assertThat(e.reason()).isEqualTo("health_check_failed");
        assertThat(e.message()).contains("no WATCHDOG=1 for 1.0 s");
        assertThat(UltrawatchTool.firstEvent(lines, "restart", 43)).isEmpty();
        assertThat(UltrawatchTool.firstEvent(lines, "healthy", 42).orElseThrow().reason()).isNull();
    }

    // ---- running the two sides ----

    @Test
    void notifyHangInterleavesItsSidesTrialByTrialAndDropsASideThatDidNotRecover() {
        List<String> order = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, Object> out = Bench.interleaved("notify_hang", 3, failures, (p, trial) -> {
            order.add(p.name() + "#" + trial);
            boolean recovered = !(p.notifyCheck() && trial == 2);
            return Map.of("recovered", recovered, "fault_to_decision_ms", 700 + trial, "phase_delay_ms", 10 * trial);
        });
        assertThat(order).containsExactly("same-budget-notify#1", "same-budget#1", "same-budget-notify#2",
                "same-budget#2", "same-budget#3");
        assertThat(out.keySet()).containsExactly("notify", "http");
        assertThat(failures).containsExactly("notify_hang/notify/ultrawatch");
        Map<String, Object> http = Summary.map(out.get("http"));
        assertThat(http).containsEntry("profile", "same-budget")
                .containsEntry("health", "http, interval 1s, timeout 1s, failure_threshold 1");
        assertThat(Summary.map(http.get("summary"))).containsEntry("n", 3).containsEntry("recovered", 3L)
                .containsEntry("fault_to_decision_ms_median", 702.0).containsEntry("fault_to_decision_ms_max", 703.0);
        assertThat(Summary.map(Summary.map(out.get("notify")).get("summary"))).containsEntry("n", 2)
                .containsEntry("recovered", 1L);
    }

    // ---- tables ----

    private static Map<String, Object> side(String health, List<Map<String, Object>> trials) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health", health);
        m.put("trials", trials);
        m.put("summary", Summary.summarize("notify_hang", trials));
        return m;
    }

    @Test
    void theHangTableGivesEachSidesMedianAndMax() {
        Map<String, Object> sides = new LinkedHashMap<>();
        sides.put("notify", side("notify, watchdog_interval 1s", List.of(
                Map.of("recovered", true, "fault_to_decision_ms", 600, "decision_after_deadline_ms", 2,
                        "fault_to_deadline_ms", 598, "decision_to_term_ms", 1, "fault_to_ready_ms", 700,
                        "restart_reason", "health_check_failed", "phase_delay_ms", 120),
                Map.of("recovered", true, "fault_to_decision_ms", 900, "decision_after_deadline_ms", 4,
                        "fault_to_deadline_ms", 896, "decision_to_term_ms", 1, "fault_to_ready_ms", 1000,
                        "restart_reason", "health_check_failed", "phase_delay_ms", 830))));
        sides.put("http", side("http, interval 1s", List.of(
                Map.of("recovered", true, "fault_to_decision_ms", 1500, "decision_after_deadline_ms", 1,
                        "fault_to_deadline_ms", 1499, "fault_to_ready_ms", 1600, "restart_reason",
                        "health_check_failed", "phase_delay_ms", 120))));
        String md = Summary.markdown(Map.of("scenarios", Map.of("notify_hang", sides)));
        assertThat(md).contains("### " + NotifyVsHttp.HANG_TITLE,
                "| notify: notify, watchdog_interval 1s | 2 | 2 | 750 | 900 | 3 | 4 | 747 | 896 | 1 | 850 | 1000 |"
                        + " 2× health_check_failed | 120, 830 |",
                "| http: http, interval 1s | 1 | 1 | 1500 | 1500 | 1 | 1 | 1499 | 1499 | – | 1600 | 1600 |");
        assertThat(md).doesNotContain(NotifyVsHttp.COST_TITLE);
    }

    private static Map<String, Object> scaleRun(int bots, double cpu, double rss) {
        return Map.of("bots", bots, "cpu_pct", cpu, "rss_mb_mean", rss, "rss_mb_max", rss + 1,
                "restarts_during_run", 0);
    }

    @Test
    void theCostTablePairsTheSidesByBotCountAndShowsAFailedRun() {
        Map<String, Object> notify = new LinkedHashMap<>();
        notify.put("ultrawatch_1", scaleRun(1, 0.2, 60.0));
        notify.put("ultrawatch_50", scaleRun(50, 1.5, 70.0));
        notify.put("ultrawatch_200", Map.of("bots", 200, "error", "199 of 200 bots up after 180 s"));
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("ultrawatch_50", scaleRun(50, 3.25, 80.0));
        http.put("ultrawatch_200", scaleRun(200, 9.5, 90.0));
        http.put("ultrawatch_1", scaleRun(1, 0.3, 61.0));
        String md = NotifyVsHttp.costTable(notify, http);
        assertThat(md.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList()).containsExactly(
                "| 1 | 0.2 | 0.3 | 60 | 61 | 61 | 62 | 0 / 0 |",
                "| 50 | 1.5 | 3.25 | 70 | 80 | 71 | 81 | 0 / 0 |",
                "| 200 | error | 9.5 | error | 90 | error | 91 | error / 0 |");
        assertThat(NotifyVsHttp.costTable(Map.of(), http)).isEmpty();
        String all = Summary.markdown(Map.of("scenarios", Map.of("scale", http, "scale_notify", notify)));
        assertThat(all).contains("### Scale: one ultrawatch watchdog", "### Scale, notify bots:",
                "### " + NotifyVsHttp.COST_TITLE);
    }

    @Test
    void aNotifyChecksSettingsReadAsNotifyNotAsAProbe() {
        assertThat(Effective.notifyInterval("Notify[watchdogInterval=PT2S]")).isEqualTo("2s");
        assertThat(Effective.notifyInterval("Notify[watchdogInterval=PT0.5S]")).isEqualTo("500ms");
        assertThat(Effective.notifyInterval("Notify[watchdogInterval=null]")).isEqualTo("none");
        assertThat(Effective.notifyInterval("Http[url=http://127.0.0.1:18100/health]")).isNull();
        Map<String, Object> settings = Map.of("health", Map.of("check", "Notify[watchdogInterval=PT2S]",
                "interval", "5s", "timeout", "2s", "failure_threshold", 3), "memory", Map.of("sample_interval", "5s",
                "consecutive_samples", 1), "stop", Map.of("grace", "2s"), "status_interval", "10s");
        assertThat(Effective.brief(settings)).startsWith("notify, WATCHDOG=1 within 2s; memory 5s ×1")
                .doesNotContain("probe");
    }

    @Test
    void aSupervisorThatDiesIsReportedAsGoneNotAsAMissingValue() {
        // No pid is this high (pid_max is at most 2^22): the process is gone, as a crashed watchdog's would be.
        long gone = Integer.MAX_VALUE;
        assertThatThrownBy(() -> Scenarios.cpuTicks(gone)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pid " + gone).hasMessageContaining("exited during the measurement");
        assertThat(Scenarios.cpuTicks(ProcessHandle.current().pid())).isPositive();
    }

    // ---- the command line ----

    @Test
    void notifyScenariosOnTheCommandLine() {
        BenchCommand full = new BenchCommand();
        new picocli.CommandLine(full).parseArgs();
        assertThat(full.scenarios()).contains("notify_hang", "scale_notify");
        assertThat(full.notifyHangTrials()).isEqualTo(10);
        assertThat(full.trials()).isEqualTo(3);
        BenchCommand quick = new BenchCommand();
        new picocli.CommandLine(quick).parseArgs("--quick");
        assertThat(quick.scenarios()).contains("notify_hang").doesNotContain("scale_notify", "idle-busy");
        assertThat(quick.notifyHangTrials()).isEqualTo(1);
        BenchCommand two = new BenchCommand();
        new picocli.CommandLine(two).parseArgs("--scenarios", "notify_hang,scale_notify", "--trials", "2");
        assertThat(two.scenarios()).containsExactly("notify_hang", "scale_notify");
        assertThat(two.notifyHangTrials()).isEqualTo(2);
        java.io.StringWriter help = new java.io.StringWriter();
        picocli.CommandLine cl = BenchCommand.commandLine();
        cl.setOut(new java.io.PrintWriter(help, true));
        assertThat(cl.execute("--help")).isZero();
        assertThat(help.toString().replaceAll("\\s+", " ")).contains("scale_notify", "notify_hang",
                "per health check of notify_hang (default: 10; 1 with --quick)");
    }
}
