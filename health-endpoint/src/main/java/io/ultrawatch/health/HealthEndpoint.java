package io.ultrawatch.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code GET /health} for a JVM bot: named checks, each under its own timeout, plus a main-loop heartbeat.
 *
 * <pre>{@code
 * HealthEndpoint ep = HealthEndpoint.builder()
 *     .port(5001)
 *     .heartbeatMaxAge(Duration.ofSeconds(30))
 *     .check("discord", Duration.ofSeconds(2), () -> CheckResult.up("connected"))
 *     .start();
 * ep.heartbeat();   // from the bot's main loop
 * ep.close();
 * }</pre>
 *
 * <p>{@code GET /health} answers 200 when no check is DOWN and 503 when any is (a stale heartbeat is a DOWN check),
 * with a JSON body whose {@code status} is {@code UP} (every check UP), {@code DEGRADED} (some check
 * {@link CheckResult#degraded degraded}, none DOWN: alive but not ready, still 200) or {@code DOWN}:
 * {@code {"status":"UP","pid":1234,"uptime_seconds":12.3,"heartbeat_age_ms":120,"checks":{"heartbeat":{...},
 * "discord":{"status":"UP","detail":"connected","duration_ms":1}}}}. {@code HEAD /health} answers the same status
 * without a body; other paths answer 404, other methods 405. {@code uptime_seconds} is the JVM's uptime.
 *
 * <p>Requests are served by 4 daemon threads; checks run on their own daemon threads, one per check, so a hung
 * check delays {@code /health} by at most its timeout (see {@link Builder#check}). The HTTP server's dispatcher
 * thread is not a daemon: a bot that wants to exit must {@link #close()} the endpoint (or call
 * {@link System#exit}).
 *
 * <p>A bot that cannot run until a person fixes something (a revoked token, a broken config) should not be
 * restarted over and over: {@link #exitForFix(String)} exits with code {@value #EXIT_FOR_FIX}.
 *
 * <p>Thread-safe: {@link #heartbeat()}, {@link #port()}, {@link #address()} and {@link #close()} may be called from
 * any thread.
 */
public final class HealthEndpoint implements AutoCloseable {

    /** Port used when neither {@link Builder#port} nor {@code HEALTH_PORT} is given. */
    public static final int DEFAULT_PORT = 5001;
    /** Host used when neither {@link Builder#host} nor {@code HEALTH_HOST} is given: loopback only, on purpose. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Heartbeat max age used when {@link Builder#heartbeatMaxAge} is not called. */
    public static final Duration DEFAULT_HEARTBEAT_MAX_AGE = Duration.ofSeconds(30);

    /**
     * The exit code of {@link #exitForFix(String)}: 78, {@code EX_CONFIG} of {@code sysexits.h}, "cannot run until a
     * person fixes something".
     */
    public static final int EXIT_FOR_FIX = 78;

    static final String HEARTBEAT_CHECK = "heartbeat";
    private static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService httpExecutor;
    private final ExecutorService checkExecutor;
    private final Heartbeat heartbeat;
    private final List<CheckRunner> checks;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicBoolean closed = new AtomicBoolean();

    private HealthEndpoint(Builder b, String host, int port) {
        this.heartbeat = new Heartbeat(b.nanoTime, b.heartbeatMaxAge);
        List<CheckRunner> runners = new ArrayList<>();
        for (CheckSpec spec : b.checks) {
            runners.add(new CheckRunner(spec.name(), spec.timeout(), spec.check(), b.nanoTime));
        }
        this.checks = List.copyOf(runners);
        this.httpExecutor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads("health-http-"));
        // One thread per check is enough: a CheckRunner never has two runs in flight.
        this.checkExecutor = Executors.newFixedThreadPool(Math.max(1, checks.size()), daemonThreads("health-check-"));
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        } catch (IOException e) {
            httpExecutor.shutdownNow();
            checkExecutor.shutdownNow();
            throw new UncheckedIOException(
                    "cannot bind the health endpoint to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(httpExecutor);
        server.createContext("/", new HealthHandler(this::evaluate, b.interceptor));
        server.start();
    }

    /**
     * Exits the JVM with code {@value #EXIT_FOR_FIX} ({@code EX_CONFIG}): the bot cannot run until a person fixes
     * something, and starting it again as is would fail the same way (a revoked or mistyped token, a missing
     * permission, an invalid config file). Prints one line with {@code why} to stderr first, then calls
     * {@link System#exit}, so shutdown hooks run. Never returns.
     *
     * <pre>{@code
     * try {
     *     jda = JDABuilder.createDefault(token).build();
     * } catch (InvalidTokenException e) {
     *     HealthEndpoint.exitForFix("token rejected");
     * }
     * }</pre>
     *
     * @param why what a person has to fix, in a few words; it lands in the bot's log, so never pass a secret (say
     *            "token rejected", not the token)
     */
    public static void exitForFix(String why) {
        System.err.println(exitForFixMessage(why));
        System.err.flush();
        System.exit(EXIT_FOR_FIX);
    }

    /** The line {@link #exitForFix} prints. */
    static String exitForFixMessage(String why) {
        String reason = why == null || why.isBlank() ? "no reason given" : why.strip();
        return "exiting with code " + EXIT_FOR_FIX + " (EX_CONFIG), needs a fix by a person: " + reason;
    }

    /** A new builder with every default in place. */
    public static Builder builder() {
        return new Builder();
    }

    /** Records a beat of the bot's main loop. Cheap: one volatile write; call it every iteration. */
    public void heartbeat() {
        heartbeat.beat();
    }

    /** The port actually bound (useful after {@code port(0)}). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops answering at once and stops the HTTP and check threads. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            httpExecutor.shutdownNow();
            checkExecutor.shutdownNow();
        }
    }

    /** Runs every check (concurrently, each under its timeout) and the heartbeat judgement. */
    HealthReport evaluate() {
        List<CheckRunner.Run> runs = new ArrayList<>(checks.size());
        for (CheckRunner check : checks) {
            runs.add(check.begin(checkExecutor));
        }
        long ageNanos = heartbeat.ageNanos();
        Map<String, HealthReport.Entry> results = new LinkedHashMap<>();
        if (heartbeat.enabled()) {
            results.put(HEARTBEAT_CHECK, new HealthReport.Entry(heartbeat.judge(ageNanos), null));
        }
        for (int i = 0; i < checks.size(); i++) {
            CheckRunner.Timed timed = checks.get(i).await(runs.get(i));
            results.put(checks.get(i).name(), new HealthReport.Entry(timed.result(), timed.durationNanos() / 1_000_000));
        }
        double uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        return new HealthReport(HealthReport.overall(results), pid, uptime, ageNanos / 1_000_000, results);
    }

    /** A check as registered; the endpoint turns it into a {@link CheckRunner} of its own. */
    private record CheckSpec(String name, Duration timeout, HealthCheck check) {
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Configures and starts a {@link HealthEndpoint}. Not thread-safe; {@link #start()} copies the configuration,
     * so a builder may be changed and started again.
     *
     * <p>Defaults: host {@code HEALTH_HOST} or {@value HealthEndpoint#DEFAULT_HOST}; port {@code HEALTH_PORT} or
     * {@value HealthEndpoint#DEFAULT_PORT}; heartbeat max age 30 s; no checks besides the heartbeat; no
     * interceptor.
     */
    public static final class Builder {

        private String host;
        private Integer port;
        private Duration heartbeatMaxAge = DEFAULT_HEARTBEAT_MAX_AGE;
        private final List<CheckSpec> checks = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private Runnable interceptor = () -> { };
        private LongSupplier nanoTime = System::nanoTime;
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        /** Address to bind. Default: env {@code HEALTH_HOST}, else {@code 127.0.0.1} (never all interfaces). */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** TCP port; 0 picks a free one (read it back with {@link HealthEndpoint#port()}). Default: env
         * {@code HEALTH_PORT}, else 5001. */
        public Builder port(int port) {
            this.port = checkPort("port", port);
            return this;
        }

        /**
         * How old the last {@link HealthEndpoint#heartbeat()} may be before the {@code heartbeat} check turns DOWN.
         * Default 30 s. {@link Duration#ZERO} disables the check (the age is still reported). Starting the endpoint
         * counts as the first beat.
         */
        public Builder heartbeatMaxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "heartbeatMaxAge");
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("heartbeatMaxAge must not be negative, but was " + maxAge);
            }
            this.heartbeatMaxAge = maxAge;
            return this;
        }

        /**
         * Adds a named check. It runs on its own daemon thread whenever {@code /health} is asked; a check slower
         * than {@code timeout} is DOWN with detail {@code "timed out after <ms> ms"}, one that throws is DOWN with
         * the exception's message. A run still in flight is joined rather than started again, so a hung check
         * holds a single thread. The name {@code heartbeat} is reserved.
         */
        public Builder check(String name, Duration timeout, HealthCheck check) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(check, "check");
            if (name.isBlank()) {
                throw new IllegalArgumentException("check name must not be blank");
            }
            if (name.equals(HEARTBEAT_CHECK)) {
                throw new IllegalArgumentException("check name '" + HEARTBEAT_CHECK
                        + "' is reserved for the built-in heartbeat check; pick another name");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException(
                        "timeout of check '" + name + "' must be positive, but was " + timeout);
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("check '" + name + "' is already registered");
            }
            checks.add(new CheckSpec(name, timeout, check));
            return this;
        }

        /**
         * A testing and fault-injection hook: runs on the HTTP thread before every request is answered, whatever
         * its path. An interceptor that blocks holds that request (and its thread) open without an answer, which is
         * how a demo bot simulates a hung endpoint. Must be thread-safe. Default: none.
         */
        public Builder interceptor(Runnable beforeEachRequest) {
            this.interceptor = Objects.requireNonNull(beforeEachRequest, "interceptor");
            return this;
        }

        /** Tests only: the monotonic clock behind the heartbeat and check timeouts. */
        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /** Tests only: where {@code HEALTH_HOST} and {@code HEALTH_PORT} are read. */
        Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws UncheckedIOException when the address cannot be bound (port busy, unknown host)
         * @throws IllegalArgumentException when {@code HEALTH_PORT} is not a port number
         */
        public HealthEndpoint start() {
            String resolvedHost = host != null ? host : envOr("HEALTH_HOST", DEFAULT_HOST);
            int resolvedPort = port != null ? port : envPort();
            return new HealthEndpoint(snapshot(), resolvedHost, resolvedPort);
        }

        /** A copy, so the endpoint never sees later changes to this builder. */
        private Builder snapshot() {
            Builder copy = new Builder();
            copy.heartbeatMaxAge = heartbeatMaxAge;
            copy.checks.addAll(checks);
            copy.interceptor = interceptor;
            copy.nanoTime = nanoTime;
            return copy;
        }

        private String envOr(String name, String fallback) {
            String value = environment.apply(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        private int envPort() {
            String value = envOr("HEALTH_PORT", null);
            if (value == null) {
                return DEFAULT_PORT;
            }
            try {
                return checkPort("HEALTH_PORT", Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "HEALTH_PORT must be an integer between 0 and 65535, but was '" + value + "'", e);
            }
        }

        private static int checkPort(String field, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(field + " must be between 0 and 65535, but was " + port);
            }
            return port;
        }
    }
}
