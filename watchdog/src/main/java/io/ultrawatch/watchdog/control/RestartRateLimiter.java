package io.ultrawatch.watchdog.control;

import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * At most {@code max} API restarts of one bot per sliding {@code window} (default 3 a minute): a stuck button, a
 * script in a loop or a panicking person cannot keep a bot from ever becoming healthy. Uses the scheduler's monotonic
 * clock. Only known bots reach it, so its map is bounded by the config. Thread-safe.
 */
final class RestartRateLimiter {
    static final int DEFAULT_MAX = 3;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    private final Scheduler time;
    private final int max;
    private final long windowNanos;
    private final Map<String, ArrayDeque<Long>> recent = new HashMap<>();

    RestartRateLimiter(Scheduler time, int max, Duration window) {
        this.time = time;
        this.max = max;
        this.windowNanos = window.toNanos();
    }

    /** Counts a restart and returns empty, or returns how long to wait when the bot had {@code max} already. */
    synchronized Optional<Duration> tryAcquire(String bot) {
        long now = time.nanoTime();
        ArrayDeque<Long> q = recent.computeIfAbsent(bot, k -> new ArrayDeque<>());
        while (!q.isEmpty() && now - q.peekFirst() >= windowNanos) {
            q.pollFirst();
        }
        if (q.size() >= max) {
            return Optional.of(Duration.ofNanos(q.peekFirst() + windowNanos - now));
        }
        q.addLast(now);
        return Optional.empty();
    }

    int max() {
        return max;
    }

    Duration window() {
        return Duration.ofNanos(windowNanos);
    }
}
