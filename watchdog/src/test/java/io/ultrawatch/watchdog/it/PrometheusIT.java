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
 * crashes, the restart is in Prometheus' own query API, and {@code promtool} accepts the exposition.
 */
class PrometheusIT {
    @TempDir
    Path dir;
    private LiveWatchdog w;
    private Process prometheus;
    private final HttpClient http = HttpClient.newHttpClient();

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
                + "      - targets: ['127.0.0.1:" + target + "']\n");
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), "prometheus.log"))
                .start();
        return port;
    }

    @Test
    void crashOfTheDemoBotShowsUpInPrometheusAsAnExitedRestart() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        long first = w.awaitRunning();
        int port = startPrometheus(w.controlServer.port());

        w.inject("crash:3");
        w.awaitRunningOtherThan(first);

        String query = "ultrawatch_bot_restarts_total{bot=\"demo\",reason=\"exited\"}";
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        await("Prometheus to have scraped the restart").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().untilAsserted(() -> {
                    JsonNode result = json.readTree(get(uri)).path("data").path("result");
                    assertThat(result).as("%s in %s (log: %s)", query, result,
                            Files.readString(dir.resolve("prometheus.log"))).hasSize(1);
                    assertThat(result.get(0).path("value").get(1).asDouble()).isGreaterThanOrEqualTo(1);
                });
        JsonNode up = json.readTree(get(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode("up{job=\"ultrawatch\"}", StandardCharsets.UTF_8))));
        assertThat(up.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("1");
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
