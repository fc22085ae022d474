package io.ultrawatch.watchdog.it;

import static io.ultrawatch.watchdog.it.LiveWatchdog.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus server (Debian's {@code prometheus}) scrapes a real watchdog every second: after the demo bot
 * crashes, the restart is in Prometheus' own query API, every query of the Grafana dashboard
 * ({@code contrib/grafana/ultrawatch.json}) returns data and the shipped alerting rules evaluate cleanly;
 * {@code promtool} accepts the exposition.
 */
class PrometheusIT {
    @TempDir
    Path dir;
    private LiveWatchdog w;
    private Process prometheus;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    static final Path DASHBOARD = PrometheusRulesIT.CONTRIB.resolve("grafana/ultrawatch.json");

    @AfterEach
    void stopEverything() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (w != null) {
            w.close();
        }
    }

    private String get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int startPrometheus(int target) throws Exception {
        Path binary = ExternalTools.require("prometheus", "prometheus");
        int port = DemoBotCommand.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                + "  - job_name: ultrawatch\n    scrape_interval: 1s\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + target + "']\n"
                // The shipped alerting rules, evaluated against the real series (and checked for errors below).
                + "rule_files: ['" + PrometheusRulesIT.RULES + "']\n");
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), "prometheus.log"))
                .start();
        return port;
    }

    private JsonNode query(int port, String promql) throws Exception {
        return json.readTree(get(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))));
    }

    private String prometheusLog() throws java.io.IOException {
        return Files.readString(dir.resolve("prometheus.log"));
    }

    /**
     * One watchdog, one Prometheus, one crash of the demo bot, then everything that reads those series: the restart
     * itself, every query of the Grafana dashboard (no Grafana needed: its variables are substituted the way Grafana
     * would), and every alerting rule evaluating without an error.
     */
    @Test
    void crashOfTheDemoBotShowsUpInPrometheusInEveryDashboardPanelAndTheRulesEvaluate() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        long first = w.awaitRunning();
        int port = startPrometheus(w.controlServer.port());

        w.inject("crash:3");
        w.awaitRunningOtherThan(first);

        String restarts = "ultrawatch_bot_restarts_total{bot=\"demo\",reason=\"exited\"}";
        await("Prometheus to have scraped the restart").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().untilAsserted(() -> {
                    JsonNode result = query(port, restarts).path("data").path("result");
                    assertThat(result).as("%s in %s (log: %s)", restarts, result, prometheusLog()).hasSize(1);
                    assertThat(result.get(0).path("value").get(1).asDouble()).isGreaterThanOrEqualTo(1);
                });
        JsonNode up = query(port, "up{job=\"ultrawatch\"}");
        assertThat(up.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("1");

        everyDashboardQueryReturnsNumbers(port);
        everyRuleEvaluatesWithoutAnError(port);
        everyMetricTheContribFilesNameIsServed();
    }

    private void everyDashboardQueryReturnsNumbers(int port) throws Exception {
        JsonNode dashboard = json.readTree(DASHBOARD.toFile());
        // The bot variable's query, as Grafana runs label_values(ultrawatch_bot_state, bot).
        JsonNode bots = json.readTree(get(URI.create("http://127.0.0.1:" + port + "/api/v1/label/bot/values?match[]="
                + URLEncoder.encode("ultrawatch_bot_state", StandardCharsets.UTF_8)))).path("data");
        assertThat(bots).as("the bot variable's values").extracting(JsonNode::asText).containsExactly("demo");

        List<JsonNode> panels = panels(dashboard);
        int queries = 0;
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = substitute(target.path("expr").asText());
                String what = "panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText()
                        + ": " + expr;
                assertThat(expr).as(what).isNotBlank().doesNotContain("$");
                queries++;
                await(what).atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonNode answer = query(port, expr);
                    assertThat(answer.path("status").asText()).as("%s: %s", what, answer).isEqualTo("success");
                    JsonNode result = answer.path("data").path("result");
                    assertThat(result).as("%s returned no data: %s", what, answer).isNotEmpty();
                    for (JsonNode series : result) {
                        assertThat(Double.parseDouble(series.path("value").get(1).asText()))
                                .as("%s: a number in %s", what, series).isFinite();
                    }
                });
            }
        }
        assertThat(queries).as("queries in the dashboard").isGreaterThanOrEqualTo(10);
        // The state timeline folds the state set into one number per bot: 2 is running.
        String state = substitute(panels.stream().filter(p -> p.path("type").asText().equals("state-timeline"))
                .findFirst().orElseThrow().path("targets").get(0).path("expr").asText());
        await("the state timeline to show demo running").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(query(port, state).path("data").path("result").get(0)
                        .path("value").get(1).asText()).isEqualTo("2"));
    }

    /**
     * What Grafana's import needs: a Prometheus datasource input, a datasource variable every panel and query uses
     * (so the dashboard follows the chosen Prometheus), the bot variable, unique panel ids and a place on the grid.
     */
    @Test
    void theDashboardIsImportableAndEveryPanelFollowsTheDatasourceVariable() throws Exception {
        JsonNode dashboard = json.readTree(DASHBOARD.toFile());
        JsonNode input = dashboard.path("__inputs").get(0);
        assertThat(input.path("type").asText()).isEqualTo("datasource");
        assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        List<JsonNode> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variables::add);
        assertThat(variables).extracting(v -> v.path("name").asText()).containsExactly("datasource", "bot");
        assertThat(variables.get(0).path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get(0).path("query").asText()).isEqualTo("prometheus");
        assertThat(variables.get(0).path("current").path("value").asText())
                .isEqualTo("${" + input.path("name").asText() + "}");
        assertThat(variables.get(1).path("definition").asText()).isEqualTo("label_values(ultrawatch_bot_state, bot)");
        assertThat(variables.get(1).path("query").path("query").asText())
                .isEqualTo("label_values(ultrawatch_bot_state, bot)");

        Set<Integer> ids = new TreeSet<>();
        dashboard.path("panels").forEach(p -> assertThat(ids.add(p.path("id").asInt())).as("unique id %s", p).isTrue());
        for (JsonNode panel : panels(dashboard)) {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isPositive();
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(t.path("datasource").path("uid").asText()).as(title)
                    .isEqualTo("${datasource}"));
        }
        assertThat(panels(dashboard)).extracting(p -> p.path("title").asText()).contains("State",
                "Restarts by reason", "Memory against limit", "Probe latency", "Probe failure ratio",
                "Starts in window / held / crash looping", "Watchdog loop lag");
    }

    /** Grafana's substitutions for a dashboard showing the demo bot over the last few minutes. */
    static String substitute(String expr) {
        return expr.replace("${bot}", "demo").replace("$bot", "demo")
                .replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "5m");
    }

    /** The dashboard's panels, those inside rows included, without the rows themselves. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(panels::add);
            } else {
                panels.add(p);
            }
        }
        return panels;
    }

    private void everyRuleEvaluatesWithoutAnError(int port) {
        URI rules = URI.create("http://127.0.0.1:" + port + "/api/v1/rules");
        await("every alerting rule evaluated without an error").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<String> bad = new ArrayList<>();
                    int count = 0;
                    for (JsonNode group : json.readTree(get(rules)).path("data").path("groups")) {
                        for (JsonNode rule : group.path("rules")) {
                            count++;
                            if (!rule.path("health").asText().equals("ok")) {
                                bad.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                                        + rule.path("lastError").asText());
                            }
                        }
                    }
                    assertThat(count).as("rules loaded (log: %s)", prometheusLog())
                            .isEqualTo(PrometheusRulesIT.alerts().size());
                    assertThat(bad).as("rules not evaluated cleanly").isEmpty();
                });
    }

    /** A misspelt metric in a rule returns nothing and never fires: the names must be ones the watchdog serves. */
    private void everyMetricTheContribFilesNameIsServed() throws Exception {
        String scrape = get(w.controlUri("/metrics"));
        Set<String> served = Pattern.compile("^(ultrawatch_\\w+?)(?:_bucket|_count|_sum)?[{ ]", Pattern.MULTILINE)
                .matcher(scrape).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> named = new TreeSet<>();
        for (Path file : List.of(PrometheusRulesIT.RULES, PrometheusRulesIT.RULE_TESTS, DASHBOARD)) {
            Pattern.compile("ultrawatch_[a-z_]+").matcher(Files.readString(file)).results()
                    .map(m -> m.group().replaceAll("_(bucket|count|sum)$", "")).forEach(named::add);
        }
        named.removeAll(served);
        // Bound only when the config has notification sinks, which this watchdog has not.
        assertThat(named).as("metric names in contrib/ that /metrics does not serve")
                .containsOnly("ultrawatch_notifications_total");
    }

    @Test
    void promtoolAcceptsTheScrape() throws Exception {
        Path promtool = ExternalTools.require("promtool", "prometheus");
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        w.awaitRunning();
        // Wait for a probe and a memory sample, so every meter has a value.
        w.awaitDemo("a memory sample", b -> b.memoryBytes() != null && b.lastProbe() != null);
        String scrape = get(w.controlUri("/metrics"));

        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("promtool check metrics said:%n%s", output).isZero();
        assertThat(scrape).contains("ultrawatch_bot_restarts_total{bot=\"demo\",reason=\"exited\"} 0",
                "ultrawatch_bot_memory_bytes{bot=\"demo\"}", "ultrawatch_bot_memory_limit_bytes{bot=\"demo\"}",
                "ultrawatch_bot_probe_duration_seconds_bucket{bot=\"demo\",le=\"0.005\"}",
                "ultrawatch_bot_probes_total{bot=\"demo\",result=\"ok\"}",
                "ultrawatch_bot_probes_total{bot=\"demo\",result=\"failed\"} 0",
                "ultrawatch_bot_state{bot=\"demo\",state=\"running\"} 1",
                "ultrawatch_bot_state{bot=\"demo\",state=\"stopped\"} 0",
                "ultrawatch_bot_start_time_seconds{bot=\"demo\"} 1.", "ultrawatch_bot_crash_looping{bot=\"demo\"} 0",
                "ultrawatch_bot_backoff_delay_seconds{bot=\"demo\"} 0", "ultrawatch_build_info{",
                "ultrawatch_watchdog_loop_lag_seconds ", "ultrawatch_watchdog_event_failures_total 0",
                "jvm_memory_used_bytes", "process_cpu_usage");
        assertThat(scrape).doesNotContain("ultrawatch_bot_uptime_seconds", "ultrawatch_bot_probe_latency_seconds",
                "ultrawatch_bot_probe_failures_total", "ultrawatch_bot_state{bot=\"demo\"}");

        // The README's metrics table is the contract: it lists every ultrawatch series the watchdog serves, and no
        // series that is gone.
        Set<String> served = Pattern.compile("^# TYPE (ultrawatch_\\w+) ", Pattern.MULTILINE).matcher(scrape)
                .results().map(m -> m.group(1))
                // Micrometer adds a _max gauge to each histogram: part of the histogram's row.
                .filter(n -> !(n.endsWith("_seconds_max") && scrape.contains("# TYPE "
                        + n.substring(0, n.length() - 4) + " histogram")))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = readmeMetrics();
        assertThat(documented).as("the README's metrics table").containsAll(served);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        // Bound only when the config has notification sinks, which this watchdog has not.
        assertThat(notServed).as("documented but not served").containsOnly("ultrawatch_notifications_total");
    }

    /** The ultrawatch_ names in the README's metrics table. */
    static Set<String> readmeMetrics() throws java.io.IOException {
        String readme = Files.readString(Path.of("..", "README.md").toAbsolutePath().normalize());
        String table = readme.substring(readme.indexOf("| metric | meaning |"));
        table = table.substring(0, table.indexOf("\n\n"));
        return Pattern.compile("`(ultrawatch_[a-z_]+)[{`]").matcher(table).results().map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
