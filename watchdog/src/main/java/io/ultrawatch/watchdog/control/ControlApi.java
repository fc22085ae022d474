package io.ultrawatch.watchdog.control;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.history.History;
import io.ultrawatch.watchdog.log.OutputLog;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.process.LocalProcessLauncher;
import io.ultrawatch.watchdog.status.Liveness;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the control server, as a function from {@link Request} to {@link Response}, read from one table
 * ({@link #routes}: path, method, access, handler). Auth, as documented in the README: the page and its assets are
 * open (they hold no data; the page asks for the token); {@code /healthz} and {@code /metrics} are open unless
 * {@code open_metrics: false}; every other route, reads of status and events included, needs the bearer token.
 * Host/Origin are checked first for every route, then the method (405), then the token (401). Thread-safe.
 *
 * <p>It sees the watchdog only through {@link ControlServer.Services}: {@link BotControl} to change bots,
 * {@link StatusReader} to read them, {@link ConfigReload} for {@code POST /api/reload}.
 */
final class ControlApi {
    static final int MAX_BODY_BYTES = 8 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Who may call a route (after the Host/Origin check, which every route passes first). */
    enum Access {
        /** Anyone who reached the server. */
        PUBLIC,
        /** Only with {@code Authorization: Bearer <token>}. */
        TOKEN
    }

    /** Answers a request; {@code params} are the {@code {name}} parts of the route's path, in order. */
    @FunctionalInterface
    private interface Handler {
        Response answer(Request r, List<String> params);
    }

    /** One row of the table. A path is literal except for {@code {name}} parts, which match one segment. */
    private record Route(String path, String method, Access access, Handler handler, Pattern pattern) {
        Route(String path, String method, Access access, Handler handler) {
            this(path, method, access, handler, compile(path));
        }

        private static Pattern compile(String path) {
            StringBuilder regex = new StringBuilder();
            Matcher m = Pattern.compile("\\{[a-z]+}").matcher(path);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(path.substring(last, m.start()))).append("([^/]+)");
                last = m.end();
            }
            return Pattern.compile(regex.append(Pattern.quote(path.substring(last))).toString());
        }
    }

    private final BotControl bots;
    private final StatusReader status;
    private final ConfigReload config;
    private final Scheduler time;
    private final Duration statusInterval;
    private final PrometheusMeterRegistry metrics;
    private final History history;
    private final EventLogReader events;
    private final StaticAssets assets = new StaticAssets();
    private final RequestGuard guard;
    private final RestartRateLimiter limiter;
    private final Path logDir;
    private final List<Route> routes;

    /**
     * @param statusInterval the watchdog's status interval, which sets how old a heartbeat may get in /healthz
     * @param openMetrics {@code watchdog.control.open_metrics}: /healthz and /metrics without the token
     * @param logDir where the bots' output logs are, for {@code GET /api/bots/{name}/output}
     */
    ControlApi(ControlServer.Services services, Scheduler time, Duration statusInterval, boolean openMetrics,
               RequestGuard guard, RestartRateLimiter limiter, Path logDir) {
        this.bots = services.bots();
        this.status = services.status();
        this.config = services.config();
        this.metrics = services.metrics();
        this.history = services.history();
        this.events = services.events();
        this.time = time;
        this.statusInterval = statusInterval;
        this.guard = guard;
        this.limiter = limiter;
        this.logDir = logDir;
        this.routes = routes(openMetrics ? Access.PUBLIC : Access.TOKEN);
    }

    /** Every URL the server answers. Paths are unique, so at most one row matches a request. */
    private List<Route> routes(Access metricsAccess) {
        List<Route> t = new ArrayList<>();
        for (String asset : StaticAssets.paths()) {
            t.add(new Route(asset, "GET", Access.PUBLIC, (r, p) -> assets.get(r.path()).orElseThrow()));
        }
        t.add(new Route("/healthz", "GET", metricsAccess, (r, p) -> healthz()));
        t.add(new Route("/metrics", "GET", metricsAccess, (r, p) -> metrics(r)));
        t.add(new Route("/api/status", "GET", Access.TOKEN, (r, p) -> Response.json(200, status.document())));
        t.add(new Route("/api/bot/status", "GET", Access.TOKEN,
                (r, p) -> onlyBot().map(this::botStatus).orElseGet(this::notSingleBot)));
        t.add(new Route("/api/events", "GET", Access.TOKEN, (r, p) -> events(r)));
        t.add(new Route("/api/history", "GET", Access.TOKEN, (r, p) -> Response.json(200, history.toJson())));
        t.add(new Route("/api/reload", "POST", Access.TOKEN, (r, p) -> reloadConfig()));
        t.add(new Route("/api/bot/restart", "POST", Access.TOKEN,
                (r, p) -> onlyBot().map(b -> action(b, "restart", r)).orElseGet(this::notSingleBot)));
        // Before the actions' row, which would match it too: GET here, POST there.
        t.add(new Route("/api/bots/{name}/output", "GET", Access.TOKEN, (r, p) -> output(p.get(0), r)));
        t.add(new Route("/api/bots/{name}/{action}", "POST", Access.TOKEN,
                (r, p) -> action(p.get(0), p.get(1), r)));
        return List.copyOf(t);
    }

    Response handle(Request r) {
        Optional<Response> refused = guard.checkOrigin(r);
        if (refused.isPresent()) {
            return refused.get();
        }
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(r.path());
            if (m.matches()) {
                return answer(route, m, r);
            }
        }
        return Response.error(404, "No such endpoint: " + r.path() + ". The API has GET /api/status, /api/events,"
                + " /api/history, /api/bots/{name}/output, /healthz, /metrics and POST /api/bots/{name}/restart|stop|start|reload,"
                + " /api/reload; the dashboard is at /");
    }

    private Response answer(Route route, Matcher m, Request r) {
        if (!r.method().equals(route.method())) {
            return Response.error(405, r.method() + " is not allowed on " + r.path() + "; use " + route.method())
                    .withHeader("Allow", route.method());
        }
        if (route.access() == Access.TOKEN) {
            Optional<Response> refused = guard.checkToken(r);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        List<String> params = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            params.add(m.group(i));
        }
        return route.handler().answer(r, params);
    }

    // ---- reads ----

    private Response healthz() {
        Instant now = time.clock().instant();
        Duration age = Duration.between(status.heartbeat(), now);
        Duration max = Liveness.hungAfter(statusInterval);
        boolean fresh = !Liveness.isHung(age, max);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", fresh ? "ok" : "stale");
        body.put("heartbeat_age_seconds", age.toMillis() / 1000.0);
        body.put("max_age_seconds", max.toMillis() / 1000.0);
        body.put("pid", status.info().pid());
        body.put("version", status.info().version());
        boolean writeFailing = status.statusWriteFailing();
        body.put("status_write_failing", writeFailing);
        if (writeFailing) {
            body.put("detail", "The watchdog cannot write its status files (status.json, heartbeat): disk full or not"
                    + " writable. It supervises on; the heartbeat file is stale until writes work again");
        }
        if (!fresh) {
            body.put("error", "The watchdog's supervisor loops last ran " + Durations.format(age) + " ago (limit "
                    + Durations.format(max) + "): it looks hung");
        }
        return Response.json(fresh ? 200 : 503, body);
    }

    private Response metrics(Request r) {
        String accept = r.header("accept");
        boolean om = accept != null && accept.contains("application/openmetrics-text");
        String contentType = om ? OPENMETRICS : PROMETHEUS_TEXT;
        return Response.text(200, contentType, metrics.scrape(contentType));
    }

    private Response events(Request r) {
        String bot = r.query().get("bot");
        if (bot != null && !bot.isEmpty() && !bots.bots().contains(bot)) {
            return unknownBot(bot);
        }
        Instant since;
        int limit;
        try {
            since = EventLogReader.parseSince(r.query().get("since"), time.clock().instant());
            limit = parseLimit(r.query().get("limit"));
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        try {
            EventLogReader.Result result = events.read(new EventLogReader.Query(
                    bot == null || bot.isEmpty() ? null : bot, null, since, limit));
            return Response.json(200, Map.of("events", result.events(), "truncated", result.truncated()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return EventLogReader.DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= EventLogReader.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + EventLogReader.MAX_LIMIT
                + ", but was '" + limit + "'");
    }

    /** The last lines of a bot's own output (bounded: at most 1000 lines, read from at most 4 MiB). */
    private Response output(String bot, Request r) {
        if (!bots.bots().contains(bot)) {
            return unknownBot(bot);
        }
        String lines = r.query().get("lines");
        int n;
        try {
            n = lines == null || lines.isEmpty() ? 200 : Integer.parseInt(lines);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > EventLogReader.MAX_LIMIT) {
            return Response.error(400, "lines must be a whole number from 1 to " + EventLogReader.MAX_LIMIT
                    + ", but was '" + lines + "'");
        }
        Path file = LocalProcessLauncher.outputLog(logDir, bot);
        try {
            return Response.json(200, Map.of("bot", bot, "file", file.getFileName().toString(),
                    "lines", new OutputLog(file).last(n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response botStatus(String bot) {
        return status.botDocument(bot).map(b -> Response.json(200, b))
                .orElseGet(() -> Response.error(503, bot + " has not reported yet; try again in a second"));
    }

    /** The single-bot aliases work when exactly one bot is configured. */
    private Optional<String> onlyBot() {
        List<String> all = bots.bots();
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    private Response notSingleBot() {
        return Response.error(409, "This path is for a watchdog with exactly one bot, but there are "
                + bots.bots().size() + " (" + knownBots() + "): use /api/status or"
                + " /api/bots/{name}/restart");
    }

    // ---- changes ----

    private Response action(String bot, String action, Request r) {
        if (!bots.bots().contains(bot)) {
            return unknownBot(bot);
        }
        Optional<BotSnapshot> snap = status.snapshot(bot);
        Long pid = snap.map(BotSnapshot::pid).orElse(null);
        BotState state = snap.map(BotSnapshot::state).orElse(BotState.STOPPED);
        switch (action) {
            case "restart": {
                Optional<Duration> wait = limiter.tryAcquire(bot);
                if (wait.isPresent()) {
                    long secs = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                    return Response.error(429, "Too many restarts of " + bot + " through the API: at most "
                            + limiter.max() + " per " + Durations.format(limiter.window()) + ". Try again in "
                            + secs + " s").withHeader("Retry-After", Long.toString(secs));
                }
                bots.restart(bot, RestartReason.REQUESTED, "requested through the control API" + via(r));
                return accepted(bot, action, pid, "Restart of " + bot + " requested"
                        + (pid == null ? "" : " (pid " + pid + ")"));
            }
            case "stop":
                if (state == BotState.STOPPED) {
                    return Response.json(200, result(bot, action, null, bot + " is already stopped"));
                }
                bots.stop(bot);
                return accepted(bot, action, pid, "Stop of " + bot + " requested; it stays stopped until"
                        + " started again (or until the watchdog restarts)");
            case "start":
                if (state == BotState.RUNNING || state == BotState.STARTING) {
                    return Response.json(200, result(bot, action, pid, bot + " is already " + state.name()
                            .toLowerCase(java.util.Locale.ROOT)));
                }
                bots.start(bot);
                return accepted(bot, action, pid, "Start of " + bot + " requested");
            case "reload":
                bots.reload(bot);
                return accepted(bot, action, pid, "Reload of " + bot + " requested");
            default:
                return Response.error(404, "Unknown action '" + action + "' for " + bot
                        + ": use restart, stop, start or reload");
        }
    }

    private Response reloadConfig() {
        // 200 applied, 422 when the new file is invalid and the running config stays.
        var r = config.reload();
        return Response.json(r.applied() ? 200 : 422, Map.of("applied", r.applied(), "message", r.summary(),
                "error", r.summary(), "errors", r.errors()));
    }

    private static String via(Request r) {
        String agent = r.header("x-ultrawatch-client");
        return agent == null || !agent.matches("[a-z]{1,16}") ? "" : " (" + agent + ")";
    }

    /** Every accepted change is logged (who asked: dashboard or cli), so watchdog.log shows why a bot stopped. */
    private static Response accepted(String bot, String action, Long pid, String message) {
        log.info("{} (through the control API)", message);
        return Response.json(202, result(bot, action, pid, message));
    }

    private static Map<String, Object> result(String bot, String action, Long pid, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bot", bot);
        m.put("action", action);
        m.put("pid", pid);
        m.put("message", message);
        return m;
    }

    private Response unknownBot(String bot) {
        String shown = bot.length() > 64 ? bot.substring(0, 64) + "..." : bot;
        return Response.error(404, "Unknown bot '" + shown + "'. Known bots: " + knownBots());
    }

    private String knownBots() {
        return String.join(", ", bots.bots());
    }
}
