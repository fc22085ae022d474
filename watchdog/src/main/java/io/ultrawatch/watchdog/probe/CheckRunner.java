package io.ultrawatch.watchdog.probe;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.time.DaemonThreads;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each bot's check by its type: HTTP through the {@link HttpHealthProber}, the blocking kinds (tcp, exec, file)
 * on threads of their own, created only when a bot has such a check (a watchdog of HTTP bots loads none of it). A
 * check in flight holds its thread for at most its timeout, so a slow check of one bot never delays another. Every
 * check answers exactly once, also when it fails unexpectedly.
 */
public final class CheckRunner implements HealthChecks, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);

    private final HttpHealthProber http;
    private final Scheduler time;
    private final BotEnvironments environments;
    private ExecutorService blocking;
    private ScheduledExecutorService killer;

    /** What a bot's processes get as their whole environment; an exec check runs with the same. */
    @FunctionalInterface
    public interface BotEnvironments {
        Map<String, String> of(BotConfig bot) throws IOException;
    }

    public CheckRunner(HttpHealthProber http, Scheduler time, BotEnvironments environments) {
        this.http = http;
        this.time = time;
        this.environments = environments;
    }

    @Override
    public void check(BotConfig bot, Consumer<ProbeResult> done) {
        HealthCheck check = bot.health().check();
        Duration timeout = bot.health().timeout();
        if (check instanceof HealthCheck.Http h) {
            http.probe(h.url(), timeout, done);
            return;
        }
        long started = time.nanoTime();
        try {
            blocking().execute(() -> done.accept(answer(bot, check, timeout, started)));
        } catch (RejectedExecutionException e) {
            done.accept(ProbeResult.failure(time.clock().instant(), 0, 0, "the watchdog is shutting down"));
        }
    }

    private ProbeResult answer(BotConfig bot, HealthCheck check, Duration timeout, long started) {
        try {
            if (check instanceof HealthCheck.Tcp tcp) {
                return result(TcpCheck.connect(tcp, timeout), 0, started);
            } else if (check instanceof HealthCheck.File file) {
                return result(FileAgeCheck.look(file, time.clock().instant()), 0, started);
            } else if (check instanceof HealthCheck.Exec exec) {
                ExecCheck.Outcome o = ExecCheck.run(bot, exec, timeout, killer(), environments);
                if (o.error() == null && o.code() == ExecCheck.DEGRADED_EXIT) {
                    return ProbeResult.degraded(time.clock().instant(), ms(started), o.code(),
                            o.output().isEmpty() ? "health command exited 2 (degraded)" : o.output());
                }
                return result(o.error(), o.code(), started);
            }
            return ProbeResult.success(time.clock().instant(), ms(started), 0);
        } catch (RuntimeException e) {
            log.warn("Health check of {} failed unexpectedly", bot.name(), e);
            return ProbeResult.failure(time.clock().instant(), ms(started), 0,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ProbeResult result(String error, int status, long started) {
        return error == null ? ProbeResult.success(time.clock().instant(), ms(started), status)
                : ProbeResult.failure(time.clock().instant(), ms(started), status, error);
    }

    private double ms(long startedNanos) {
        return (time.nanoTime() - startedNanos) / 1_000_000.0;
    }

    /** Threads for blocking checks, as many as are in flight, idle ones gone after a minute (as the HTTP prober's). */
    private synchronized ExecutorService blocking() {
        if (blocking == null) {
            blocking = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    DaemonThreads.factory("ultrawatch-check"));
        }
        return blocking;
    }

    private synchronized ScheduledExecutorService killer() {
        if (killer == null) {
            ScheduledThreadPoolExecutor k = new ScheduledThreadPoolExecutor(1,
                    DaemonThreads.factory("ultrawatch-check-timeout", 1));
            k.setRemoveOnCancelPolicy(true);
            killer = k;
        }
        return killer;
    }

    @Override
    public synchronized void close() {
        http.close();
        if (blocking != null) {
            blocking.shutdownNow();
        }
        if (killer != null) {
            killer.shutdownNow();
        }
    }
}
