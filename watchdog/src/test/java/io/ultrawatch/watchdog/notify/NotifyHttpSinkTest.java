package io.ultrawatch.watchdog.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.NotifyConfig;
import io.ultrawatch.watchdog.config.NotifySinkConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.json.JsonTree;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP sinks against a local receiver: the Discord and Slack payloads against their documented shapes and
 * limits, and a 429 with Retry-After, then a 500, then a 2xx: one message, once, after the waits (driven clock).
 */
class NotifyHttpSinkTest {
    private final MockWebServer server = new MockWebServer();
    private final ManualScheduler time = new ManualScheduler();

    @BeforeEach
    void start() throws IOException {
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Secret url() {
        return new Secret("HOOK", server.url("/api/webhooks/1/t0ken").toString());
    }

    private static Notification longMessage() {
        return new Notification(Notification.Kind.EVENT, "demo", "demo: " + "x".repeat(3000), "y".repeat(10_000),
                EventKind.Level.ERROR, java.time.Instant.parse("2026-11-23T08:00:00Z"), List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(RecordedRequest r) throws IOException {
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        return (Map<String, Object>) JsonTree.parse(r.getBody().readByteArray());
    }

    /** Discord's execute-webhook limits: content 2000; ≤ 10 embeds; title 256, description 4096; 6000 in all. */
    @SuppressWarnings("unchecked")
    static void assertDiscordShape(Map<String, Object> p) {
        assertThat(p).containsKeys("content", "embeds");
        assertThat((String) p.get("content")).hasSizeLessThanOrEqualTo(2000).isNotEmpty();
        List<Map<String, Object>> embeds = (List<Map<String, Object>>) p.get("embeds");
        assertThat(embeds).hasSizeBetween(1, 10);
        int total = 0;
        for (Map<String, Object> e : embeds) {
            String title = (String) e.get("title");
            String description = (String) e.getOrDefault("description", "");
            assertThat(title).hasSizeLessThanOrEqualTo(256);
            assertThat(description).hasSizeLessThanOrEqualTo(4096);
            assertThat(e.get("color")).isInstanceOf(Number.class);
            assertThat((String) e.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            total += title.length() + description.length();
        }
        assertThat(total).isLessThanOrEqualTo(6000);
        assertThat(p.get("allowed_mentions")).isEqualTo(Map.of("parse", List.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void discordGetsContentAndOneEmbedCutToItsLimits() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        try (HttpSink sink = new HttpSink("phone", "discord", url(), Duration.ofSeconds(5), Payloads::discord)) {
            SendResult r = sink.send(longMessage());

            assertThat(r.ok()).isTrue();
            assertThat(r.detail()).isEqualTo("HTTP 204");
        }
        RecordedRequest req = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(req.getPath()).isEqualTo("/api/webhooks/1/t0ken");
        Map<String, Object> p = body(req);
        assertDiscordShape(p);
        Map<String, Object> embed = ((List<Map<String, Object>>) p.get("embeds")).get(0);
        assertThat((String) embed.get("title")).hasSize(256).endsWith("…");
        assertThat((String) embed.get("description")).hasSize(4096).startsWith("yyy");
        assertThat(p.get("content")).isEqualTo(Messages.cut(longMessage().title(), 2000));
    }

    @Test
    @SuppressWarnings("unchecked")
    void slackGetsTextAndAMrkdwnSectionWithinItsLimitsAndEscaped() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        Notification n = new Notification(Notification.Kind.EVENT, "demo", "demo: <!channel> & co", "z".repeat(5000),
                EventKind.Level.WARN, java.time.Instant.parse("2026-11-23T08:00:00Z"), List.of());
        try (HttpSink sink = new HttpSink("chat", "slack", url(), Duration.ofSeconds(5), Payloads::slack)) {
            assertThat(sink.send(n).ok()).isTrue();
        }
        Map<String, Object> p = body(server.takeRequest(5, TimeUnit.SECONDS));

        assertThat(p.get("text")).isEqualTo("demo: &lt;!channel&gt; &amp; co");
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) p.get("blocks");
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).get("type")).isEqualTo("section");
        Map<String, Object> text = (Map<String, Object>) blocks.get(0).get("text");
        assertThat(text.get("type")).isEqualTo("mrkdwn");
        assertThat((String) text.get("text")).hasSize(3000).startsWith("*demo: &lt;!channel&gt; &amp; co*\nzz");
    }

    @Test
    void theGenericWebhookGetsTheMessageWithItsEvents() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        NotifySinkConfig c = config("hook", NotifySinkConfig.Type.WEBHOOK);
        Notifier n = new Notifier(new NotifyConfig(Duration.ZERO, null, null, List.of(c)),
                List.of(new HttpSink("hook", "webhook", url(), Duration.ofSeconds(5), Payloads::webhook)), Map.of(),
                time, Runnable::run, null, RetryPolicy.DEFAULT, ZoneOffset.UTC, x -> null);

        n.onEvent(new WatchdogEvent(time.clock().instant(), "demo", EventKind.RESTART, RestartReason.EXITED,
                "Triggering restart of demo: exited (code 3)", Map.of("exit_code", 3)));

        Map<String, Object> p = body(server.takeRequest(5, TimeUnit.SECONDS));
        assertThat(p).containsEntry("type", "event").containsEntry("bot", "demo")
                .containsEntry("title", "demo: restart (exited)").containsEntry("level", "warn")
                .containsEntry("text", "Triggering restart of demo: exited (code 3)");
        assertThat(p.get("events").toString()).contains("kind=restart", "reason=exited", "exit_code=3");
        n.close();
    }

    private static NotifySinkConfig config(String name, NotifySinkConfig.Type type) {
        NotifySinkConfig d = NotifySinkConfig.DEFAULTS;
        return new NotifySinkConfig(name, type, d.events(), d.timeout(), "HOOK", null, d.port(), d.starttls(), null,
                null, null, List.of(), List.of());
    }

    @Test
    void rateLimitedThenServerErrorThenAcceptedArrivesOnceAfterTheWaits() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "2.5")
                .setBody("{\"retry_after\": 2.5, \"global\": false}"));
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setResponseCode(204));
        NotifySinkConfig c = config("phone", NotifySinkConfig.Type.DISCORD);
        Notifier n = new Notifier(new NotifyConfig(Duration.ZERO, null, null, List.of(c)),
                List.of(new HttpSink("phone", "discord", url(), Duration.ofSeconds(5), Payloads::discord)), Map.of(),
                time, Runnable::run, null, RetryPolicy.DEFAULT, ZoneOffset.UTC, x -> null);

        n.onEvent(new WatchdogEvent(time.clock().instant(), "demo", EventKind.HELD, null, "demo is held", Map.of()));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.nextDelay()).isEqualTo(Duration.ofMillis(2500));
        assertThat(n.sinks().get(0).lastDetail()).isEqualTo("HTTP 429, retry after 2500 ms");

        time.advance(Duration.ofMillis(2499));
        assertThat(server.getRequestCount()).isEqualTo(1);
        time.advance(Duration.ofMillis(1));
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(n.sinks().get(0).lastDetail()).isEqualTo("HTTP 500");

        time.advance(Duration.ofSeconds(4));
        assertThat(server.getRequestCount()).isEqualTo(3);
        String first = null;
        for (int i = 0; i < 3; i++) {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            String b = r.getBody().readUtf8();
            first = first == null ? b : first;
            assertThat(b).isEqualTo(first); // the same message each time, and no other
        }
        SinkStatus s = n.sinks().get(0);
        assertThat(s.sent()).isEqualTo(1);
        assertThat(s.failed()).isZero();
        assertThat(s.lastDetail()).isEqualTo("HTTP 204");
        time.advance(Duration.ofHours(1));
        assertThat(server.getRequestCount()).isEqualTo(3);
        n.close();
    }

    @Test
    void retryAfterIsReadAsSeconds() {
        assertThat(HttpSink.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(HttpSink.retryAfter("0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(HttpSink.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(HttpSink.retryAfter("-1")).isNull();
        assertThat(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30))
                .delay(1, FakeSink.tooMany(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(30));
    }
}
