package io.ultrawatch.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each test starts its own endpoint on an ephemeral port and talks to it over real HTTP. */
class HealthEndpointTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Keeps every test away from whatever HEALTH_HOST / HEALTH_PORT the machine running the build has. */
    private static final Map<String, String> NO_ENV = Map.of();

    private final List<HealthEndpoint> started = new ArrayList<>();
    /** Released after each test so that a deliberately stuck check does not outlive it. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closeEndpoints() {
        release.countDown();
        started.forEach(HealthEndpoint::close);
    }

    private HealthEndpoint.Builder builder() {
        return HealthEndpoint.builder().port(0).environment(NO_ENV::get);
    }

    private HealthEndpoint start(HealthEndpoint.Builder builder) {
        HealthEndpoint endpoint = builder.start();
        started.add(endpoint);
        return endpoint;
    }

    private static HttpResponse<String> get(HealthEndpoint endpoint, String path) throws Exception {
        return send(endpoint, path, "GET");
    }

    private static HttpResponse<String> send(HealthEndpoint endpoint, String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthyBotAnswers200WithEveryJsonField() throws Exception {
        HealthEndpoint endpoint = start(builder()
                .check("discord", Duration.ofSeconds(2), () -> CheckResult.up("connected")));
        endpoint.heartbeat();

        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .startsWith("{\"status\":\"UP\",\"pid\":" + ProcessHandle.current().pid() + ",\"uptime_seconds\":")
                .containsPattern("\"uptime_seconds\":\\d+\\.\\d,\"heartbeat_age_ms\":\\d+,")
                .containsPattern("\"heartbeat\":\\{\"status\":\"UP\",\"detail\":\"last beat \\d+\\.\\d s ago\"}")
                .containsPattern("\"discord\":\\{\"status\":\"UP\",\"detail\":\"connected\",\"duration_ms\":\\d+}")
                .endsWith("}}}");
    }

    @Test
    void staleHeartbeatTurns503AndABeatBringsItBack() throws Exception {
        HealthEndpoint endpoint = start(builder().heartbeatMaxAge(Duration.ofMillis(200)));

        HttpResponse<String> stale = pollUntil(endpoint, r -> r.statusCode() == 503, Duration.ofSeconds(5));
        assertThat(stale.body())
                .contains("\"status\":\"DOWN\"")
                .containsPattern("\"heartbeat\":\\{\"status\":\"DOWN\",\"detail\":\"last beat \\d+\\.\\d s ago, "
                        + "max 200 ms\"}");

        endpoint.heartbeat();
        assertThat(get(endpoint, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void heartbeatDetailNamesTheAgeAndTheLimit() throws Exception {
        AtomicLong now = new AtomicLong();
        HealthEndpoint endpoint = start(builder().nanoTime(now::get).heartbeatMaxAge(Duration.ofSeconds(30)));

        now.addAndGet(Duration.ofMillis(35_200).toNanos());
        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .contains("\"heartbeat_age_ms\":35200")
                .contains("\"heartbeat\":{\"status\":\"DOWN\",\"detail\":\"last beat 35.2 s ago, max 30 s\"}");
    }

    @Test
    void zeroMaxAgeDisablesTheHeartbeatCheck() throws Exception {
        AtomicLong now = new AtomicLong();
        HealthEndpoint endpoint = start(builder().nanoTime(now::get).heartbeatMaxAge(Duration.ZERO));

        now.addAndGet(Duration.ofHours(1).toNanos());
        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"heartbeat_age_ms\":3600000").contains("\"checks\":{}");
    }

    @Test
    void downCheckTurns503AndShowsItsDetail() throws Exception {
        HealthEndpoint endpoint = start(builder()
                .check("discord", Duration.ofSeconds(2), () -> CheckResult.up("connected"))
                .check("database", Duration.ofSeconds(2), () -> CheckResult.down("pool \"main\" exhausted")));

        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .startsWith("{\"status\":\"DOWN\"")
                .contains("\"discord\":{\"status\":\"UP\"")
                .contains("\"database\":{\"status\":\"DOWN\",\"detail\":\"pool \\\"main\\\" exhausted\"");
    }

    @Test
    void degradedCheckAnswers200WithStatusDegraded() throws Exception {
        HealthEndpoint endpoint = start(builder()
                .check("discord", Duration.ofSeconds(2), () -> CheckResult.degraded("gateway resuming"))
                .check("database", Duration.ofSeconds(2), () -> CheckResult.up("ok")));

        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .startsWith("{\"status\":\"DEGRADED\",\"pid\":")
                .contains("\"heartbeat\":{\"status\":\"UP\"")
                .containsPattern("\"discord\":\\{\"status\":\"DEGRADED\",\"detail\":\"gateway resuming\","
                        + "\"duration_ms\":\\d+}")
                .contains("\"database\":{\"status\":\"UP\"");
        assertThat(send(endpoint, "/health", "HEAD").statusCode()).isEqualTo(200);
    }

    @Test
    void downWinsOverDegraded() throws Exception {
        HealthEndpoint endpoint = start(builder()
                .check("discord", Duration.ofSeconds(2), () -> CheckResult.degraded("gateway resuming"))
                .check("database", Duration.ofSeconds(2), () -> CheckResult.down("pool exhausted")));

        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"status\":\"DOWN\"")
                .contains("\"discord\":{\"status\":\"DEGRADED\"");
    }

    @Test
    void staleHeartbeatWinsOverDegraded() throws Exception {
        AtomicLong now = new AtomicLong();
        HealthEndpoint endpoint = start(builder().nanoTime(now::get).heartbeatMaxAge(Duration.ofSeconds(30))
                .check("discord", Duration.ofSeconds(2), () -> CheckResult.degraded("gateway resuming")));

        assertThat(get(endpoint, "/health").statusCode()).isEqualTo(200);
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"status\":\"DOWN\"")
                .contains("\"heartbeat\":{\"status\":\"DOWN\"");
    }

    @Test
    void exitForFixExitsWith78AndSaysWhy() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                ExitForFixMain.class.getName(), "token rejected")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(child.exitValue()).isEqualTo(78).isEqualTo(HealthEndpoint.EXIT_FOR_FIX);
            assertThat(err).contains("exiting with code 78 (EX_CONFIG), needs a fix by a person: token rejected");
            assertThat(out).doesNotContain("exitForFix returned");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void exitForFixMessageNeverIsBlank() {
        assertThat(HealthEndpoint.exitForFixMessage(null)).endsWith(": no reason given");
        assertThat(HealthEndpoint.exitForFixMessage("  config invalid \n")).endsWith(": config invalid");
    }

    @Test
    void hungCheckIsDownAfterItsTimeoutAndTheAnswerStillArrives() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        HealthEndpoint endpoint = start(builder()
                .check("gateway", Duration.ofMillis(300), () -> {
                    runs.incrementAndGet();
                    release.await();
                    return CheckResult.up("finally");
                }));

        long begin = System.nanoTime();
        HttpResponse<String> first = get(endpoint, "/health");
        Duration firstTook = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).contains("\"gateway\":{\"status\":\"DOWN\",\"detail\":\"timed out after 300 ms\"");
        assertThat(firstTook).isLessThan(Duration.ofSeconds(3));

        // The stuck run is joined, not started again: one thread held, and the next probe does not wait again.
        HttpResponse<String> second = get(endpoint, "/health");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.body()).contains("timed out after 300 ms");
        assertThat(runs).hasValue(1);
    }

    @Test
    void checkThatThrowsIsDownWithItsMessage() throws Exception {
        HealthEndpoint endpoint = start(builder()
                .check("discord", Duration.ofSeconds(2), () -> {
                    throw new IllegalStateException("gateway closed with 4004");
                })
                .check("silent", Duration.ofSeconds(2), () -> {
                    throw new IOException();
                }));

        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .contains("\"discord\":{\"status\":\"DOWN\",\"detail\":\"gateway closed with 4004\"")
                .contains("\"silent\":{\"status\":\"DOWN\",\"detail\":\"java.io.IOException\"");
    }

    @Test
    void checkReturningNullIsDown() throws Exception {
        HealthEndpoint endpoint = start(builder().check("lazy", Duration.ofSeconds(1), () -> null));

        HttpResponse<String> response = get(endpoint, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"detail\":\"check returned no result\"");
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        HealthEndpoint endpoint = start(builder());

        assertThat(get(endpoint, "/").statusCode()).isEqualTo(404);
        assertThat(get(endpoint, "/healthz").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send(endpoint, "/health", "POST");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void headAnswersTheStatusWithoutABody() throws Exception {
        HealthEndpoint endpoint = start(builder()
                .check("discord", Duration.ofSeconds(1), () -> CheckResult.down("disconnected")));

        HttpResponse<String> response = send(endpoint, "/health", "HEAD");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void bindsToLoopbackByDefault() {
        HealthEndpoint endpoint = start(builder());

        assertThat(endpoint.address().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(endpoint.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(endpoint.port()).isPositive();
    }

    @Test
    void healthHostAndPortComeFromTheEnvironment() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Map<String, String> env = Map.of("HEALTH_HOST", "localhost", "HEALTH_PORT", Integer.toString(port));
        HealthEndpoint endpoint = start(HealthEndpoint.builder().environment(env::get));

        assertThat(endpoint.port()).isEqualTo(port);
        assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void invalidHealthPortIsRejectedWithItsValue() {
        Map<String, String> env = Map.of("HEALTH_PORT", "50o1");

        assertThatThrownBy(() -> HealthEndpoint.builder().environment(env::get).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HEALTH_PORT must be an integer between 0 and 65535, but was '50o1'");
    }

    @Test
    void busyPortFailsToStartWithTheAddress() {
        HealthEndpoint first = start(builder());

        assertThatThrownBy(() -> start(builder().port(first.port())))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot bind the health endpoint to 127.0.0.1:" + first.port() + ": ");
    }

    @Test
    void builderRejectsBadChecksNamingTheField() {
        HealthEndpoint.Builder builder = builder().check("discord", Duration.ofSeconds(1), () -> CheckResult.up(""));

        assertThatThrownBy(() -> builder.check("discord", Duration.ofSeconds(1), () -> CheckResult.up("")))
                .hasMessage("check 'discord' is already registered");
        assertThatThrownBy(() -> builder.check("heartbeat", Duration.ofSeconds(1), () -> CheckResult.up("")))
                .hasMessageContaining("'heartbeat' is reserved");
        assertThatThrownBy(() -> builder.check("db", Duration.ZERO, () -> CheckResult.up("")))
                .hasMessage("timeout of check 'db' must be positive, but was PT0S");
        assertThatThrownBy(() -> builder.port(70000)).hasMessage("port must be between 0 and 65535, but was 70000");
        assertThatThrownBy(() -> builder.heartbeatMaxAge(Duration.ofSeconds(-1)))
                .hasMessage("heartbeatMaxAge must not be negative, but was PT-1S");
    }

    @Test
    void interceptorRunsBeforeEveryRequestAndCanHoldIt() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        HealthEndpoint endpoint = start(builder().interceptor(() -> {
            seen.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/health"))
                .timeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> CLIENT.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        gate.countDown();
        assertThat(get(endpoint, "/health").statusCode()).isEqualTo(200);
        assertThat(seen.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void closeStopsAnswering() {
        HealthEndpoint endpoint = start(builder());
        endpoint.close();
        endpoint.close();

        assertThatThrownBy(() -> get(endpoint, "/health")).isInstanceOf(IOException.class);
    }

    /** Polls {@code /health} until {@code condition} holds or the deadline passes; fails with the last answer. */
    private static HttpResponse<String> pollUntil(HealthEndpoint endpoint,
                                                  Predicate<HttpResponse<String>> condition,
                                                  Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last;
        do {
            last = get(endpoint, "/health");
            if (condition.test(last)) {
                return last;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // pause between polls, bounded by the deadline
        } while (System.nanoTime() < deadline);
        throw new AssertionError("condition not met within " + timeout + "; last answer " + last.statusCode()
                + " " + last.body());
    }
}
