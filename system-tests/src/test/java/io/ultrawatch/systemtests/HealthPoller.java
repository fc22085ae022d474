package io.ultrawatch.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls a bot's {@code /health} every 20 ms (between the end of one poll and the start of the next) on its own thread
 * and counts the answers that were not 200: the bot's downtime as its users would see it, while the test kills and
 * revives the watchdog.
 */
final class HealthPoller implements AutoCloseable {
    private static final int PERIOD_MS = 20;
    private final URI url;
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "health-poller");
        t.setDaemon(true);
        return t;
    });

    HealthPoller(int port) {
        this.url = URI.create("http://127.0.0.1:" + port + "/health");
        timer.scheduleWithFixedDelay(() -> (poll() ? ok : failed).incrementAndGet(), 0, PERIOD_MS,
                TimeUnit.MILLISECONDS);
    }

    private boolean poll() {
        try {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(1000);
            int status = c.getResponseCode();
            try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status == 200;
        } catch (IOException e) {
            return false;
        }
    }

    int ok() {
        return ok.get();
    }

    int failed() {
        return failed.get();
    }

    /** Stops polling and waits for the poll in flight, so the counts are final. Idempotent. */
    void stop() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
