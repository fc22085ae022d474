package io.ultrawatch.watchdog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control server against clients that never finish a request (issue 14, item 1): any local user can open a
 * connection, send half a request and wait. They must neither keep {@code /healthz} from answering nor hold a worker
 * for longer than the header limit.
 */
class ControlServerLimitsIT {
    @TempDir
    Path dir;
    private LiveWatchdog w;
    private int port;

    @BeforeEach
    void start() throws Exception {
        w = new LiveWatchdog(dir).withControl();
        w.start(w.bot());
        w.awaitRunning();
        port = w.controlServer.port();
    }

    @AfterEach
    void stop() {
        w.close();
    }

    @Test
    void fourHalfOpenConnectionsNeitherDelayHealthzNorStayOpen() throws Exception {
        try (HalfOpenClients slow = HalfOpenClients.open("127.0.0.1", port, 4)) {
            long t0 = System.nanoTime();
            RawHttp.Reply health = RawHttp.to(port).get("/healthz").send();
            long millis = (System.nanoTime() - t0) / 1_000_000;

            assertThat(health.status()).isEqualTo(200);
            assertThat(millis).as("/healthz with 4 half-open connections, in ms (cron gives it 3 s)").isLessThan(2000);
            assertThat(RawHttp.to(port).get("/api/status").token(w.token).send().status()).isEqualTo(200);
            await("the server closes connections whose headers never end").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200)).until(slow::allClosedByServer);
        }
    }

    @Test
    void manyHalfOpenConnectionsStillLeaveHealthzAnswering() throws Exception {
        try (HalfOpenClients slow = HalfOpenClients.open("127.0.0.1", port, 20)) {
            RawHttp.Reply health = RawHttp.to(port).get("/healthz").send();
            assertThat(health.status()).as("/healthz with 20 half-open connections").isEqualTo(200);
            assertThat(slow.allClosedByServer()).as("closed at once").isFalse();
        }
    }
}
