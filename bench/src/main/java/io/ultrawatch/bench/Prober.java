package io.ultrawatch.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Polls a bot's /health every {@link #PERIOD_MS} on a thread of its own and keeps every sample: start time, up (a 200
 * within {@link #TIMEOUT_MS}) and the answering pid. Availability is time-weighted: a sample stands until the next.
 */
final class Prober implements AutoCloseable {
    static final int PERIOD_MS = 20;
    static final int TIMEOUT_MS = 250;

    private final int port;
    private final List<long[]> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long endMs;

    Prober(int port) {
        this.port = port;
        this.thread = new Thread(this::loop, "bench-prober-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long next = Clock.nowMs();
        while (running) {
            long t = Clock.nowMs();
            Http.Answer a = Http.get(port, "/health", TIMEOUT_MS);
            synchronized (samples) {
                samples.add(new long[] {t, a.ok() ? 1 : 0, a.ok() ? a.pid() : -1});
            }
            next = Math.max(next + PERIOD_MS, Clock.nowMs());
            Clock.sleepUntil(next);
        }
    }

    /** Stops polling; returns the samples. */
    List<long[]> stop() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endMs = Clock.nowMs();
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    long endMs() {
        return endMs;
    }

    /** The lengths (ms) of every run of down samples. */
    static List<Long> outages(List<long[]> samples, long endMs) {
        List<Long> out = new ArrayList<>();
        long downSince = -1;
        for (long[] s : samples) {
            if (s[1] == 0 && downSince < 0) {
                downSince = s[0];
            } else if (s[1] == 1 && downSince >= 0) {
                out.add(s[0] - downSince);
                downSince = -1;
            }
        }
        if (downSince >= 0) {
            out.add(endMs - downSince);
        }
        return out;
    }

    @Override
    public void close() {
        stop();
    }
}
