package io.ultrawatch.bench;

/** Wall-clock stamps (the bot stamps its events in epoch ms, so the harness compares in the same unit). */
final class Clock {
    private Clock() {
    }

    static long nowMs() {
        return System.currentTimeMillis();
    }

    static void sleepMs(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sleeps until the given epoch ms (returns at once when it has passed). */
    static void sleepUntil(long epochMs) {
        sleepMs(epochMs - nowMs());
    }
}
