package io.ultrawatch.watchdog.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.NotifyConfig;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.time.SystemScheduler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier as the watchdog runs it (config from YAML, real scheduler and threads, a real event bus) with four
 * receivers on loopback: a dead one (connection refused), a slow one (accepts, never answers), a Discord one that
 * answers 429 with Retry-After, then 500, then 204, and a Slack one that answers at once. Supervision events keep
 * flowing, the good sinks deliver, and no secret reaches the logs.
 */
class NotifyDeliveryIT {
    @TempDir
    Path dir;
    private final MockWebServer slow = new MockWebServer();
    private final MockWebServer discord = new MockWebServer();
    private final MockWebServer slack = new MockWebServer();
    private final SystemScheduler time = new SystemScheduler(1, "test-timer");
    private final ExecutorService busThread = Executors.newSingleThreadExecutor();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        slow.start(lo, 0);
        discord.start(lo, 0);
        slack.start(lo, 0);
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, lo)) {
            closed = s.getLocalPort();
        }
        env.put("DEAD_URL", "http://127.0.0.1:" + closed + "/api/webhooks/1/dead-T0KEN-aaaa");
        env.put("SLOW_URL", slow.url("/api/webhooks/2/slow-T0KEN-bbbb").toString());
        env.put("DISCORD_URL", discord.url("/api/webhooks/3/discord-T0KEN-cccc").toString());
        env.put("SLACK_URL", slack.url("/services/T0/B0/slack-T0KEN-dddd").toString());
        env.put("SMTP_PASSWORD", "smtp-T0KEN-eeee");
        env.put("CLOSED_PORT", Integer.toString(closed));
        for (int i = 0; i < 5; i++) {
            slow.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }
        discord.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));
        discord.enqueue(new MockResponse().setResponseCode(500));
        discord.enqueue(new MockResponse().setResponseCode(204));
        slack.enqueue(new MockResponse().setBody("ok"));
    }

    @AfterEach
    void stop() throws Exception {
        busThread.shutdownNow();
        time.close();
        slow.shutdown();
        discord.shutdown();
        slack.shutdown();
    }

    @Test
    void deadAndSlowSinksCostOnlyTheirOwnQueues() throws Exception {
        NotifyConfig config = ConfigLoader.parse("""
                bots:
                  - name: demo
                    command: [x]
                notify:
                  min_interval: 5m
                  sinks:
                    - {name: dead, type: webhook, url_env: DEAD_URL, timeout: 1s}
                    - {name: slow, type: webhook, url_env: SLOW_URL, timeout: 1s}
                    - {name: phone, type: discord, url_env: DISCORD_URL}
                    - {name: chat, type: slack, url_env: SLACK_URL}
                    - {name: mail, type: email, host: 127.0.0.1, port: %s, username: bot@example.com,
                       password_env: SMTP_PASSWORD, from: bot@example.com, to: [me@example.com], timeout: 1s}
                """.formatted(env.get("CLOSED_PORT")), Path.of("watchdog.yml"), dir, env).notifications();
        try (LogCapture logs = new LogCapture();
             Notifier notifier = Notifier.fromConfig(config, env, time, dir)) {
            EventBus bus = new EventBus(busThread);
            AtomicInteger seen = new AtomicInteger();
            bus.subscribe(notifier);
            bus.subscribe(e -> seen.incrementAndGet()); // stands for the event log, status and metrics

            long t0 = System.nanoTime();
            bus.publish(new WatchdogEvent(time.clock().instant(), "demo", EventKind.RESTART, RestartReason.EXITED,
                    "Triggering restart of demo: exited (code 1)", Map.of()));
            for (int i = 0; i < 200; i++) {
                bus.publish(new WatchdogEvent(time.clock().instant(), "demo", EventKind.PROBE_FAILED, null,
                        "probe " + i, Map.of()));
                bus.publish(new WatchdogEvent(time.clock().instant(), "demo", EventKind.RESTART, RestartReason.EXITED,
                        "again " + i, Map.of())); // folded: within min_interval
            }

            await().atMost(Duration.ofSeconds(2)).until(() -> seen.get() == 401);
            assertThat(slack.takeRequest(3, TimeUnit.SECONDS)).as("slack delivered while others hang").isNotNull();
            await().atMost(Duration.ofSeconds(15)).until(() -> status(notifier, "phone").sent() == 1);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(seconds).as("after Retry-After 1 s and a 4 s backoff").isGreaterThanOrEqualTo(5.0);
            assertThat(discord.getRequestCount()).isEqualTo(3);
            assertThat(status(notifier, "chat").sent()).isEqualTo(1);
            assertThat(slack.getRequestCount()).isEqualTo(1);

            SinkStatus dead = status(notifier, "dead");
            assertThat(dead.sent()).isZero();
            assertThat(dead.lastResult()).isEqualTo("retrying");
            assertThat(dead.lastDetail()).isEqualTo("connection refused");
            await().atMost(Duration.ofSeconds(5)).until(() -> status(notifier, "slow").lastDetail() != null);
            assertThat(status(notifier, "slow").lastDetail()).isEqualTo("timeout after 1000 ms");

            await().atMost(Duration.ofSeconds(5)).until(() -> status(notifier, "mail").lastDetail() != null);
            assertThat(status(notifier, "mail").lastResult()).isEqualTo("retrying");
            assertThat(status(notifier, "mail").lastDetail()).startsWith("ConnectException");

            List<String> lines = logs.lines();
            assertThat(lines).anyMatch(l -> l.contains("Notification to sink dead not delivered (connection refused)"));
            assertNoSecret(lines, notifier);
        }
    }

    @Test
    void aSinkWhoseVariableIsNotSetIsReportedByNameAndTheOthersWork() throws Exception {
        env.put("NOT_A_URL", "ftp://example.invalid/SECRET-ftp-T0KEN");
        NotifyConfig config = ConfigLoader.parse("""
                bots:
                  - name: demo
                    command: [x]
                notify:
                  min_interval: 0s
                  sinks:
                    - {name: unset, type: discord, url_env: NOT_SET_ANYWHERE}
                    - {name: bad, type: webhook, url_env: NOT_A_URL}
                    - {name: chat, type: slack, url_env: SLACK_URL}
                """, Path.of("watchdog.yml"), dir, env).notifications();
        try (LogCapture logs = new LogCapture();
             Notifier notifier = Notifier.fromConfig(config, env, time, dir)) {
            assertThat(notifier.problems()).containsExactly(
                    "notify sink unset: NOT_SET_ANYWHERE is not set (in the watchdog's environment or notify.env_file)",
                    "notify sink bad: the value of NOT_A_URL is not an http or https URL (the value is not shown: it is"
                            + " a secret)");
            notifier.onEvent(new WatchdogEvent(time.clock().instant(), "demo", EventKind.HELD, null, "held",
                    Map.of()));

            await().atMost(Duration.ofSeconds(5)).until(() -> status(notifier, "chat").sent() == 1);
            assertThat(status(notifier, "unset").lastResult()).isEqualTo("unusable");
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("NOT_A_URL"));
            assertNoSecret(logs.lines(), notifier);
            assertThat(String.join("\n", logs.lines()) + notifier.problems()).doesNotContain("SECRET-ftp-T0KEN");
        }
    }

    private void assertNoSecret(List<String> lines, Notifier notifier) {
        String everything = String.join("\n", lines) + notifier.sinks() + notifier.problems() + notifier;
        assertThat(everything).doesNotContain(env.get("SMTP_PASSWORD"));
        for (String key : List.of("DEAD_URL", "SLOW_URL", "DISCORD_URL", "SLACK_URL")) {
            String secret = env.get(key);
            assertThat(everything).as(key).doesNotContain(secret)
                    .doesNotContain(secret.substring(secret.indexOf("/api") < 0 ? secret.indexOf("/services")
                            : secret.indexOf("/api")));
        }
        assertThat(everything).doesNotContain("T0KEN");
    }

    private static SinkStatus status(Notifier n, String name) {
        return n.sinks().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
