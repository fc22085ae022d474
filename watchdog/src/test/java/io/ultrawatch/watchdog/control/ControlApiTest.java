package io.ultrawatch.watchdog.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ultrawatch.watchdog.Assembly;
import io.ultrawatch.watchdog.Watchdog;
import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.ControlConfig;
import io.ultrawatch.watchdog.config.LogConfig;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.config.WatchdogSettings;
import io.ultrawatch.watchdog.controlfile.ControlToken;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.history.History;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.status.StatusBoard;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.testing.FakeLauncher;
import io.ultrawatch.watchdog.testing.FakeProber;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import io.ultrawatch.watchdog.testing.Snapshots;
import io.ultrawatch.watchdog.testing.TestBots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes on a watchdog of fakes driven by a manual clock: no sockets, no processes, no waiting. */
class ControlApiTest {
    @TempDir
    Path dir;
    private final ManualScheduler time = new ManualScheduler();
    private final FakeLauncher launcher = new FakeLauncher(time.clock());
    private StatusBoard board;
    private Watchdog watchdog;
    private History history;
    private ControlApi api;
    private String token;

    private ControlApi api(BotConfig... bots) throws Exception {
        WatchdogConfig config = new WatchdogConfig(null, dir, new WatchdogSettings(dir.resolve("status"),
                dir.resolve("logs"), Duration.ofSeconds(1), new ControlConfig(true, "127.0.0.1", 8000, true),
                new LogConfig(10, 5)), List.of(bots));
        EventBus bus = new EventBus(Runnable::run);
        board = new StatusBoard(new WatchdogInfo(7, "test", time.clock().instant(), "(test)"), time.clock());
        watchdog = new Watchdog(config, time, Runnable::run, bus, board, launcher, new FakeProber(time),
                pids -> OptionalLong.of(1), () -> 0.5);
        ControlToken t = ControlToken.loadOrCreate(dir.resolve("status"));
        token = ControlToken.read(dir.resolve("status"));
        EventLogReader events = new EventLogReader(dir.resolve("logs/events.jsonl"));
        history = History.start(board, bus, time, events, dir.resolve("status/history.json"));
        api = new ControlApi(Assembly.controlServices(watchdog, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                history, events), time, config.watchdog().statusInterval(), config.watchdog().control().openMetrics(),
                new RequestGuard(t, dir.resolve("status/control.token"), "127.0.0.1", 8000),
                new RestartRateLimiter(time, 3, Duration.ofMinutes(1)), dir.resolve("logs"));
        return api;
    }

    @AfterEach
    void close() {
        // Stops the fake bots and the status-file writer thread, which would otherwise race the temp dir's removal.
        if (watchdog != null) {
            watchdog.close();
        }
        if (history != null) {
            history.close();
        }
    }

    private Response call(String method, String path, boolean withToken) {
        Map<String, String> headers = new HashMap<>(Map.of("host", "127.0.0.1:8000"));
        if (withToken) {
            headers.put("authorization", "Bearer " + token);
        }
        int q = path.indexOf('?');
        return api.handle(new Request(method, q < 0 ? path : path.substring(0, q),
                Request.parseQuery(q < 0 ? null : path.substring(q + 1)), headers, new byte[0]));
    }

    private static JsonNode json(Response r) throws Exception {
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void readsOfStatusNeedTheTokenButHealthzAndThePageDoNot() throws Exception {
        api(TestBots.demo());
        watchdog.start();
        time.runDue();

        assertThat(call("GET", "/api/status", false).status()).isEqualTo(401);
        assertThat(call("GET", "/api/events", false).status()).isEqualTo(401);
        assertThat(call("GET", "/api/history", false).status()).isEqualTo(401);
        Response status = call("GET", "/api/status", true);
        assertThat(json(status).path("bots").get(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(call("GET", "/healthz", false).status()).isEqualTo(200);
        assertThat(call("GET", "/metrics", false).status()).isEqualTo(200);
        Response page = call("GET", "/", false);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(call("GET", "/assets/uplot/uPlot.iife.min.js", false).body().length).isGreaterThan(10_000);
    }

    @Test
    void outputNeedsTheTokenAndAnswersTheLastLinesBounded() throws Exception {
        api(TestBots.demo());
        java.nio.file.Files.createDirectories(dir.resolve("logs"));
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 1500; i++) {
            b.append("line ").append(i).append('\n');
        }
        java.nio.file.Files.writeString(dir.resolve("logs/demo.out.log"), b);

        assertThat(call("GET", "/api/bots/demo/output", false).status()).isEqualTo(401);
        var all = json(call("GET", "/api/bots/demo/output", true));
        assertThat(all.path("lines")).hasSize(200);
        assertThat(all.path("lines").get(199).asText()).isEqualTo("line 1500");
        assertThat(json(call("GET", "/api/bots/demo/output?lines=3", true)).path("lines").get(0).asText())
                .isEqualTo("line 1498");
        Response tooMany = call("GET", "/api/bots/demo/output?lines=5000", true);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(json(tooMany).path("error").asText()).contains("from 1 to 1000").contains("'5000'");
        assertThat(call("GET", "/api/bots/nobody/output", true).status()).isEqualTo(404);
        assertThat(call("POST", "/api/bots/demo/output", true).status()).isEqualTo(405);
    }

    @Test
    void healthzIs503WhenTheSupervisorLoopsStopped() throws Exception {
        api(TestBots.demo());
        board.accept(Snapshots.of("demo", BotState.RUNNING, time.clock().instant()));
        time.advance(Duration.ofSeconds(4));
        assertThat(call("GET", "/healthz", false).status()).as("4 s: within 5 intervals").isEqualTo(200);

        time.advance(Duration.ofSeconds(2));
        Response stale = call("GET", "/healthz", false);

        assertThat(stale.status()).isEqualTo(503);
        assertThat(json(stale).path("heartbeat_age_seconds").asDouble()).isEqualTo(6.0);
        assertThat(json(stale).path("error").asText()).isEqualTo("The watchdog's supervisor loops last ran 6s ago"
                + " (limit 5s): it looks hung");
    }

    @Test
    void restartsAreRateLimitedPerBotOnTheSchedulersClock() throws Exception {
        api(TestBots.demo());
        watchdog.start();
        time.runDue();
        for (int i = 0; i < 3; i++) {
            assertThat(call("POST", "/api/bots/demo/restart", true).status()).isEqualTo(202);
            time.runDue();
        }
        Response limited = call("POST", "/api/bots/demo/restart", true);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("Retry-After", "60");

        time.advance(Duration.ofMinutes(1));
        assertThat(call("POST", "/api/bots/demo/restart", true).status()).isEqualTo(202);
        assertThat(launcher.started).hasSize(5);
    }

    @Test
    void stopAndStartAnswerWhatHappened() throws Exception {
        api(TestBots.demo());
        watchdog.start();
        time.runDue();

        assertThat(json(call("POST", "/api/bots/demo/start", true)).path("message").asText())
                .isEqualTo("demo is already running");
        assertThat(call("POST", "/api/bots/demo/stop", true).status()).isEqualTo(202);
        launcher.last().exit(0);
        time.runDue();
        assertThat(board.bots().get(0).state()).isEqualTo(BotState.STOPPED);
        assertThat(json(call("POST", "/api/bots/demo/stop", true)).path("message").asText())
                .isEqualTo("demo is already stopped");
        assertThat(call("POST", "/api/bots/demo/start", true).status()).isEqualTo(202);
    }

    @Test
    void reloadOfABotIsAcceptedAndAConfigReloadWithoutAFileIsRefused() throws Exception {
        api(TestBots.demo());
        Response config = call("POST", "/api/reload", true);
        assertThat(config.status()).isEqualTo(422);
        assertThat(json(config).path("errors").get(0).asText()).contains("nothing to reload");
        assertThat(call("POST", "/api/bots/demo/reload", true).status()).isEqualTo(202);
    }

    @Test
    void mistakesGetAClearJsonError() throws Exception {
        api(TestBots.demo(), TestBots.bot("other", List.of("x"), dir, null));

        Response unknownRoute = call("GET", "/api/nope", true);
        assertThat(unknownRoute.status()).isEqualTo(404);
        assertThat(json(unknownRoute).path("error").asText()).startsWith("No such endpoint: /api/nope.");
        Response wrongMethod = call("GET", "/api/bots/demo/restart", true);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.headers()).containsEntry("Allow", "POST");
        assertThat(json(call("POST", "/api/bots/demo/explode", true)).path("error").asText())
                .isEqualTo("Unknown action 'explode' for demo: use restart, stop, start or reload");
        assertThat(json(call("GET", "/api/events?since=yesterday", true)).path("error").asText())
                .startsWith("since must be a duration");
        assertThat(json(call("GET", "/api/events?limit=5000", true)).path("error").asText())
                .isEqualTo("limit must be a whole number from 1 to 1000, but was '5000'");
        assertThat(json(call("GET", "/api/events?bot=ghost", true)).path("error").asText())
                .isEqualTo("Unknown bot 'ghost'. Known bots: demo, other");
        Response alias = call("POST", "/api/bot/restart", true);
        assertThat(alias.status()).isEqualTo(409);
        assertThat(json(alias).path("error").asText()).startsWith("This path is for a watchdog with exactly one bot,"
                + " but there are 2 (demo, other)");
    }
}
