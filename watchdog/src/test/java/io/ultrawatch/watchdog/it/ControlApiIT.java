package io.ultrawatch.watchdog.it;

import static io.ultrawatch.watchdog.it.LiveWatchdog.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control API of a real watchdog supervising a real demo bot, over real HTTP. */
class ControlApiIT {
    @TempDir
    Path dir;
    private LiveWatchdog w;
    private long pid;
    private int port;

    @BeforeEach
    void start() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        pid = w.awaitRunning();
        port = w.controlServer.port();
    }

    @AfterEach
    void stop() {
        w.close();
    }

    private RawHttp http() {
        return RawHttp.to(port);
    }

    /** Nothing was restarted: same pid for a while, and no restart event at all. */
    private void assertNothingChanged() {
        await("nothing changes").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> w.demo().pid() == pid && w.events.stream().noneMatch(e -> e.kind() == EventKind.RESTART));
    }

    @Test
    void restartWithoutTokenOrWithAWrongTokenIs401AndChangesNothing() throws Exception {
        RawHttp.Reply none = http().post("/api/bots/demo/restart").send();
        RawHttp.Reply wrong = http().post("/api/bots/demo/restart").token("not-the-token").send();
        RawHttp.Reply alias = http().post("/api/bot/restart").token(w.token + "x").send();
        RawHttp.Reply read = http().get("/api/status").send();

        for (RawHttp.Reply r : new RawHttp.Reply[] {none, wrong, alias, read}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("www-authenticate")).startsWith("Bearer");
            assertThat(r.json().path("error").asText()).contains("control.token");
            assertThat(r.body()).doesNotContain(w.token);
        }
        assertThat(none.json().path("error").asText()).startsWith("This needs the control token");
        assertThat(wrong.json().path("error").asText()).startsWith("Wrong control token");
        assertNothingChanged();
    }

    @Test
    void crossSiteOriginOrForeignHostIs403EvenWithTheToken() throws Exception {
        RawHttp.Reply origin = http().post("/api/bots/demo/restart").token(w.token)
                .header("Origin", "http://evil.example").send();
        RawHttp.Reply rebinding = http().post("/api/bots/demo/restart").token(w.token)
                .header("Host", "evil.example:" + port).send();

        assertThat(origin.status()).isEqualTo(403);
        assertThat(origin.json().path("error").asText()).contains("Origin 'http://evil.example'");
        assertThat(rebinding.status()).isEqualTo(403);
        assertThat(rebinding.json().path("error").asText()).contains("DNS rebinding");
        assertThat(http().get("/healthz").header("Origin", "http://localhost:" + port).send().status())
                .as("the dashboard's own origin").isEqualTo(200);
        assertNothingChanged();
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        RawHttp.Reply r = http().post("/api/bots/demo/restart").token(w.token).body(new byte[9000]).send();

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("error").asText()).isEqualTo("Request body too large: at most 8192 bytes");
        assertNothingChanged();
    }

    @Test
    void unknownBotIs404NamingTheKnownBots() throws Exception {
        RawHttp.Reply r = http().post("/api/bots/nope/restart").token(w.token).send();

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("error").asText()).isEqualTo("Unknown bot 'nope'. Known bots: demo");
    }

    @Test
    void restartThroughTheApiGivesANewPidAndARequestedEvent() throws Exception {
        RawHttp.Reply r = http().post("/api/bots/demo/restart").token(w.token).send();

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().path("message").asText()).isEqualTo("Restart of demo requested (pid " + pid + ")");
        long second = w.awaitRunningOtherThan(pid);
        assertThat(second).isNotEqualTo(pid);
        assertThat(w.demo().lastRestart().reason()).isEqualTo(RestartReason.REQUESTED);
        assertThat(w.demo().consecutiveFailures()).isZero();
        await("the requested restart in /api/events").atMost(WAIT).until(() -> {
            JsonNode events = http().get("/api/events?bot=demo&since=10m").token(w.token).send().json()
                    .path("events");
            return StreamSupport.stream(events.spliterator(), false).anyMatch(e -> e.path("kind").asText()
                    .equals("restart") && e.path("reason").asText().equals("requested")
                    && e.path("message").asText().contains("requested through the control API"));
        });
        JsonNode status = http().get("/api/bot/status").token(w.token).send().json();
        assertThat(status.path("pid").asLong()).isEqualTo(second);
        assertThat(status.path("restarts_by_reason").path("requested").asInt()).isEqualTo(1);
    }

    @Test
    void fourthRestartOfABotWithinAMinuteIs429WithRetryAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(http().post("/api/bots/demo/restart").token(w.token).send().status()).isEqualTo(202);
        }
        RawHttp.Reply r = http().post("/api/bot/restart").token(w.token).send();

        assertThat(r.status()).isEqualTo(429);
        assertThat(Integer.parseInt(r.header("retry-after"))).isBetween(1, 60);
        assertThat(r.json().path("error").asText()).startsWith("Too many restarts of demo through the API: at most 3"
                + " per 1m. Try again in ");
    }

    @Test
    void healthzAndMetricsAnswerWithoutTokenAndStatusWithIt() throws Exception {
        RawHttp.Reply health = http().get("/healthz").send();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
        assertThat(health.json().path("heartbeat_age_seconds").asDouble()).isLessThan(3);

        RawHttp.Reply metrics = http().get("/metrics").send();
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("ultrawatch_bot_up{bot=\"demo\"} 1");

        RawHttp.Reply status = http().get("/api/status").token(w.token).send();
        assertThat(status.json().path("bots").get(0).path("pid").asLong()).isEqualTo(pid);
        assertThat(status.header("cache-control")).isEqualTo("no-store");

        RawHttp.Reply page = http().get("/").send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-security-policy")).contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("Emergency restart").doesNotContain(w.token);
    }
}
