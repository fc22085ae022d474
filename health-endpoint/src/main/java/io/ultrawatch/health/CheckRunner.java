package io.ultrawatch.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Runs one named check under its timeout. Thread-safe.
 *
 * <p>At most one run of a check is in flight. A request that arrives while a run is still going joins it instead
 * of starting another, and its deadline is that run's start plus the timeout. So a check that hangs forever holds
 * exactly one thread, and once its deadline is past every {@code /health} answers DOWN at once instead of waiting
 * the timeout again; a fresh run starts only after the stuck one returns. The price: two probes that overlap share
 * one result.
 */
final class CheckRunner {

    /** A check's result plus how long it took (for {@code duration_ms}). */
    record Timed(CheckResult result, long durationNanos) {
    }

    /** One run of the check: when it started and its outcome, which always completes normally. */
    record Run(long startNanos, CompletableFuture<Timed> outcome) {
    }

    private final String name;
    private final Duration timeout;
    private final HealthCheck check;
    private final LongSupplier nanoTime;
    private Run inFlight; // guarded by this

    CheckRunner(String name, Duration timeout, HealthCheck check, LongSupplier nanoTime) {
        this.name = name;
        this.timeout = timeout;
        this.check = check;
        this.nanoTime = nanoTime;
    }

    String name() {
        return name;
    }

    /** Starts a run on {@code executor}, or returns the one still in flight. Never blocks. */
    synchronized Run begin(Executor executor) {
        if (inFlight != null && !inFlight.outcome().isDone()) {
            return inFlight;
        }
        Run run = new Run(nanoTime.getAsLong(), new CompletableFuture<>());
        inFlight = run;
        try {
            executor.execute(() -> execute(run));
        } catch (RejectedExecutionException e) {
            run.outcome().complete(new Timed(CheckResult.down("not run: the endpoint is closed"), 0));
        }
        return run;
    }

    /** Waits for {@code run} (from {@link #begin}) until its deadline; never longer. */
    Timed await(Run run) {
        long timeoutNanos = timeout.toNanos();
        long remaining = run.startNanos() + timeoutNanos - nanoTime.getAsLong();
        try {
            Timed timed = run.outcome().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            // It may have finished after its deadline while nobody was waiting: late is still too slow.
            return timed.durationNanos() > timeoutNanos ? timedOut(timeoutNanos) : timed;
        } catch (TimeoutException e) {
            return timedOut(timeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Timed(CheckResult.down("interrupted while waiting for the check"), 0);
        } catch (ExecutionException e) {
            // execute() never completes exceptionally; kept so a future change cannot turn into a 500.
            return new Timed(CheckResult.down(describe(e.getCause())), 0);
        }
    }

    private Timed timedOut(long timeoutNanos) {
        return new Timed(CheckResult.down("timed out after " + timeout.toMillis() + " ms"), timeoutNanos);
    }

    /** Runs the check and completes {@code run}, whatever the check does. */
    private void execute(Run run) {
        CheckResult result;
        try {
            result = check.check();
            if (result == null) {
                result = CheckResult.down("check returned no result");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = CheckResult.down(describe(e));
        } catch (Exception e) {
            result = CheckResult.down(describe(e));
        } catch (Error e) {
            // Complete the run before rethrowing, or the check would look "in flight" forever.
            run.outcome().complete(new Timed(CheckResult.down(describe(e)), nanoTime.getAsLong() - run.startNanos()));
            throw e;
        }
        run.outcome().complete(new Timed(result, nanoTime.getAsLong() - run.startNanos()));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }
}
