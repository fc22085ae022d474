package io.ultrawatch.watchdog.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ultrawatch.watchdog.Watchdog;
import io.ultrawatch.watchdog.config.Durations;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.supervisor.BotSupervisor;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.status.Liveness;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the control server, as a function from {@link Request} to {@link Response}. Auth, as documented in
 * the README: the page and its assets are open (they hold no data; the page asks for the token); {@code /healthz}
 * and {@code /metrics} are open unless {@code open_metrics: false}; every other route, reads of status and events
 * included, needs the bearer token. Host/Origin are checked first for every route. Thread-safe.
 */
final class ControlApi {
    static final int MAX_BODY_BYTES = 8 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);
    private static final Pattern BOT_ACTION = Pattern.compile("/api/bots/([^/]+)/([^/]+)");
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final Watchdog watchdog;
    private final Scheduler time;
    private final PrometheusMeterRegistry metrics;
    private final History history;
    private final EventLogReader events;
    private final StaticAssets assets = new StaticAssets();
    private final RequestGuard guard;
    private final RestartRateLimiter limiter;
    private final boolean openMetrics;

    ControlApi(Watchdog watchdog, Scheduler time, PrometheusMeterRegistry metrics, History history,
               EventLogReader events, RequestGuard guard, RestartRateLimiter limiter) {
        this.watchdog = watchdog;
        this.time = time;
        this.metrics = metrics;
        this.history = history;
        this.events = events;
        this.guard = guard;
        this.limiter = limiter;
        this.openMetrics = watchdog.config().watchdog().control().openMetrics();
    }

    Response handle(Request r) {
        Optional<Response> refused = guard.checkOrigin(r);
        if (refused.isPresent()) {
            return refused.get();
        }
        String path = r.path();
        if (StaticAssets.serves(path)) {
            return get(r, () -> assets.get(path).orElseThrow());
        }
        switch (path) {
            case "/healthz":
                return get(r, () -> open(r, openMetrics, this::healthz));
            case "/metrics":
                return get(r, () -> open(r, openMetrics, () -> metrics(r)));
            case "/api/status":
                return get(r, () -> open(r, false, () -> Response.json(200, watchdog.board().document())));
            case "/api/bot/status":
                return get(r, () -> open(r, false, () -> onlyBot().map(this::botStatus)
                        .orElseGet(this::notSingleBot)));
            case "/api/events":
                return get(r, () -> open(r, false, () -> events(r)));
            case "/api/history":
                return get(r, () -> open(r, false, () -> Response.json(200, history.toJson())));
            case "/api/reload":
                return post(r, () -> open(r, false, this::reloadConfig));
            case "/api/bot/restart":
                return post(r, () -> open(r, false, () -> onlyBot().map(b -> action(b, "restart", r))
                        .orElseGet(this::notSingleBot)));
            default:
                break;
        }
        Matcher m = BOT_ACTION.matcher(path);
        if (m.matches()) {
            return post(r, () -> open(r, false, () -> action(m.group(1), m.group(2), r)));
        }
        return Response.error(404, "No such endpoint: " + path + ". The API has GET /api/status, /api/events,"
                + " /api/history, /healthz, /metrics and POST /api/bots/{name}/restart|stop|start|reload,"
                + " /api/reload; the dashboard is at /");
    }

    // ---- plumbing ----

    private interface Route {
        Response answer();
    }

    private static Response get(Request r, Route route) {
        return r.method().equals("GET") ? route.answer() : methodNotAllowed(r, "GET");
    }

    private static Response post(Request r, Route route) {
        return r.method().equals("POST") ? route.answer() : methodNotAllowed(r, "POST");
    }

    private static Response methodNotAllowed(Request r, String allowed) {
        return Response.error(405, r.method() + " is not allowed on " + r.path() + "; use " + allowed)
                .withHeader("Allow", allowed);
    }

    private Response open(Request r, boolean withoutToken, Route route) {
        if (!withoutToken) {
            Optional<Response> refused = guard.checkToken(r);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        return route.answer();
    }

    // ---- reads ----

    private Response healthz() {
        Instant now = time.clock().instant();
        Duration age = Duration.between(watchdog.board().heartbeat(), now);
        Duration max = Liveness.hungAfter(watchdog.config().watchdog().statusInterval());
        boolean fresh = !Liveness.isHung(age, max);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", fresh ? "ok" : "stale");
        body.put("heartbeat_age_seconds", age.toMillis() / 1000.0);
        body.put("max_age_seconds", max.toMillis() / 1000.0);
        body.put("pid", watchdog.board().info().pid());
        body.put("version", watchdog.board().info().version());
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
        if (bot != null && !bot.isEmpty() && watchdog.supervisor(bot).isEmpty()) {
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

    private Response botStatus(String bot) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> bots = (List<Map<String, Object>>) watchdog.board().document().get("bots");
        return bots.stream().filter(b -> bot.equals(b.get("name"))).findFirst()
                .map(b -> Response.json(200, b))
                .orElseGet(() -> Response.error(503, bot + " has not reported yet; try again in a second"));
    }

    /** The single-bot aliases work when exactly one bot is configured. */
    private Optional<String> onlyBot() {
        List<BotSupervisor> all = watchdog.supervisors();
        return all.size() == 1 ? Optional.of(all.get(0).name()) : Optional.empty();
    }

    private Response notSingleBot() {
        return Response.error(409, "This path is for a watchdog with exactly one bot, but there are "
                + watchdog.supervisors().size() + " (" + knownBots() + "): use /api/status or"
                + " /api/bots/{name}/restart");
    }

    // ---- changes ----

    private Response action(String bot, String action, Request r) {
        Optional<BotSupervisor> found = watchdog.supervisor(bot);
        if (found.isEmpty()) {
            return unknownBot(bot);
        }
        BotSupervisor s = found.get();
        Optional<BotSnapshot> snap = watchdog.board().snapshot(bot);
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
                s.restart(RestartReason.REQUESTED, "requested through the control API" + via(r));
                return accepted(bot, action, pid, "Restart of " + bot + " requested"
                        + (pid == null ? "" : " (pid " + pid + ")"));
            }
            case "stop":
                if (state == BotState.STOPPED) {
                    return Response.json(200, result(bot, action, null, bot + " is already stopped"));
                }
                s.stop();
                return accepted(bot, action, pid, "Stop of " + bot + " requested; it stays stopped until"
                        + " started again (or until the watchdog restarts)");
            case "start":
                if (state == BotState.RUNNING || state == BotState.STARTING) {
                    return Response.json(200, result(bot, action, pid, bot + " is already " + state.name()
                            .toLowerCase(java.util.Locale.ROOT)));
                }
                s.start();
                return accepted(bot, action, pid, "Start of " + bot + " requested");
            case "reload":
                s.reloadBot();
                return accepted(bot, action, pid, "Reload of " + bot + " requested");
            default:
                return Response.error(404, "Unknown action '" + action + "' for " + bot
                        + ": use restart, stop, start or reload");
        }
    }

    private Response reloadConfig() {
        // 200 applied, 422 when the new file is invalid and the running config stays.
        var r = watchdog.reload();
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
        return watchdog.supervisors().stream().map(BotSupervisor::name).collect(Collectors.joining(", "));
    }
}
