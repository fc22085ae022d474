package io.ultrawatch.watchdog.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.time.SystemScheduler;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class HttpHealthProberTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Kept so the level sticks: MockWebServer warns about every kept-alive connection closed without a request. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger(MockWebServer.class.getName());

    static {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final SystemScheduler time = new SystemScheduler(1, "test-timer");
    private final HttpHealthProber prober = new HttpHealthProber(time, false);
    private final MockWebServer bot = new MockWebServer();
    private URI url;

    @BeforeEach
    void start() throws IOException {
        bot.start(java.net.InetAddress.getLoopbackAddress(), 0);
        url = URI.create(bot.url("/health").toString());
    }

    @AfterEach
    void stop() throws IOException {
        bot.shutdown();
        prober.close();
        time.close();
    }

    private ProbeResult probe() throws Exception {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        prober.probe(url, TIMEOUT, result::complete);
        return result.get(10, TimeUnit.SECONDS);
    }

    private RecordedRequest taken() throws InterruptedException {
        RecordedRequest r = bot.takeRequest(10, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the bot").isNotNull();
        return r;
    }

    @Test
    void a2xxIsHealthyAndOtherStatusesAreFailures() throws Exception {
        bot.enqueue(new MockResponse().setResponseCode(204));
        bot.enqueue(new MockResponse().setResponseCode(503).setBody("{\"status\":\"DOWN\"}"));
        ProbeResult ok = probe();
        assertThat(ok.ok()).isTrue();
        assertThat(ok.status()).isEqualTo(204);
        ProbeResult down = probe();
        assertThat(down.ok()).isFalse();
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.error()).isEqualTo("HTTP 503");
        assertThat(taken().getPath()).isEqualTo("/health");
    }

    @Test
    void probesReuseOneKeptAliveConnection() throws Exception {
        bot.enqueue(new MockResponse().setBody("{}"));
        bot.enqueue(new MockResponse().setBody("{}"));
        assertThat(probe().ok()).isTrue();
        assertThat(probe().ok()).isTrue();
        assertThat(taken().getSequenceNumber()).isZero();
        assertThat(taken().getSequenceNumber()).as("the second request on the first connection").isEqualTo(1);
    }

    /** A bot that closed the kept-alive connection (restarted, or an idle timeout): never a failed probe. */
    @RepeatedTest(20)
    void aConnectionTheBotClosedIsReplacedWithoutAFailedProbe() throws Exception {
        bot.enqueue(new MockResponse().setBody("{}").setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        bot.enqueue(new MockResponse().setBody("{}"));
        assertThat(probe().ok()).isTrue();
        ProbeResult afterClose = probe();
        assertThat(afterClose.ok()).as("%s", afterClose).isTrue();
        taken();
        assertThat(taken().getSequenceNumber()).as("a new connection").isZero();
    }

    @Test
    void aBotThatHangsUpWithoutAnswerFailsAfterOneRetryOnANewConnection() throws Exception {
        bot.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        bot.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        bot.enqueue(new MockResponse().setBody("{}"));
        ProbeResult probe = probe();
        assertThat(probe.ok()).isFalse();
        assertThat(probe.error()).startsWith("IOException");
        assertThat(bot.getRequestCount()).isEqualTo(2);
        assertThat(taken().getSequenceNumber()).isZero();
        assertThat(taken().getSequenceNumber()).as("the retry on a new connection").isZero();
    }

    @Test
    void onlyFastConnectionFailuresMayBeAStaleConnection() {
        assertThat(HttpHealthProber.mayBeStaleConnection(new java.io.EOFException())).isTrue();
        assertThat(HttpHealthProber.mayBeStaleConnection(new java.net.SocketException("Connection reset"))).isTrue();
        assertThat(HttpHealthProber.mayBeStaleConnection(new java.net.SocketTimeoutException())).isFalse();
        assertThat(HttpHealthProber.mayBeStaleConnection(new java.io.InterruptedIOException("timeout"))).isFalse();
        assertThat(HttpHealthProber.mayBeStaleConnection(new java.net.ConnectException("refused"))).isFalse();
    }

    @Test
    void aProbeThatTimesOutFailsAndTheNextOneConnectsAfresh() throws Exception {
        bot.enqueue(new MockResponse().setBody("{}"));
        bot.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        bot.enqueue(new MockResponse().setBody("{}"));
        assertThat(probe().ok()).isTrue();
        ProbeResult hung = probe();
        assertThat(hung.ok()).isFalse();
        assertThat(hung.error()).isEqualTo("timeout after 500 ms");
        assertThat(bot.getRequestCount()).as("a timeout is not retried").isEqualTo(2);
        assertThat(probe().ok()).isTrue();
        taken();
        taken();
        assertThat(taken().getSequenceNumber()).as("a new connection").isZero();
    }

    @Test
    void aUrlOkHttpRefusesIsAFailedProbeNotALostOne() throws Exception {
        url = URI.create("ftp://127.0.0.1:" + bot.getPort() + "/health");
        ProbeResult refused = probe();
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).startsWith("IllegalArgumentException");
    }

    @Test
    void nothingListeningIsAFailureNamedConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        url = URI.create("http://127.0.0.1:" + port + "/health");
        ProbeResult refused = probe();
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).isEqualTo("connection refused");
    }

    /** The health libraries answer 200 with "status":"DEGRADED" for "alive but not ready". */
    @Test
    void aTwoHundredThatSaysDegradedIsAliveButNotReady() throws Exception {
        bot.enqueue(new MockResponse().setBody("{\"status\": \"DEGRADED\",\"pid\":12,\"checks\":{}}"));
        bot.enqueue(new MockResponse().setBody("{\"status\":\"UP\",\"checks\":{\"gw\":{\"status\":\"DEGRADED\"}}}"));
        ProbeResult degraded = probe();
        assertThat(degraded.ok()).isTrue();
        assertThat(degraded.degraded()).isTrue();
        assertThat(degraded.error()).isEqualTo("HTTP 200, status DEGRADED");
        ProbeResult up = probe();
        assertThat(up.degraded()).as("only the answer's own status counts, not a check's").isFalse();
    }
}
