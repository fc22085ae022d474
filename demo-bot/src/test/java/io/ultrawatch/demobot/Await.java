package io.ultrawatch.demobot;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline, never on the clock alone. */
final class Await {

    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds; fails after {@code timeout} with {@code what} and whatever
     * {@code diagnostics} says (the output of a child process, the last answer...).
     */
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what + "\n" + diagnostics.get());
            }
            LockSupport.parkNanos(PAUSE_NANOS); // a short pause between polls, bounded by the deadline
        }
    }
}
