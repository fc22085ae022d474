package io.ultrawatch.watchdog.status;

import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the status document ({@code status.json}, {@code /api/status}) from supervisor snapshots. The field names are
 * a contract with scripts, cron and users: add fields, never rename. Timestamps are ISO-8601 UTC. Built from
 * snapshots only, which hold no environment, so no secret can reach it.
 */
public final class StatusDocument {
    public static final int SCHEMA_VERSION = 1;

    private StatusDocument() {
    }

    /**
     * @param heartbeatAt the oldest time any supervisor loop last ran: a stuck loop stops it advancing, and cron
     *     reads that as a hung watchdog
     */
    public static Map<String, Object> build(WatchdogInfo info, Instant now, Instant heartbeatAt,
                                            Collection<BotSnapshot> bots, String configError) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema_version", SCHEMA_VERSION);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("pid", info.pid());
        w.put("version", info.version());
        w.put("started_at", ts(info.startedAt()));
        w.put("heartbeat_at", ts(heartbeatAt));
        w.put("config", info.config());
        w.put("config_error", configError);
        doc.put("watchdog", w);
        List<Map<String, Object>> list = new ArrayList<>();
        for (BotSnapshot b : bots) {
            list.add(bot(b, now));
        }
        doc.put("bots", list);
        return doc;
    }

    static Map<String, Object> bot(BotSnapshot b, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("state", b.state().name());
        m.put("pid", b.pid());
        m.put("adopted", b.adopted());
        m.put("started_at", ts(b.startedAt()));
        boolean up = b.startedAt() != null && (b.state() == BotState.RUNNING || b.state() == BotState.STARTING);
        m.put("uptime_seconds", up ? round1(Duration.between(b.startedAt(), now).toMillis() / 1000.0) : 0.0);
        m.put("restarts_total", b.restartsTotal());
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (RestartReason r : RestartReason.values()) {
            Long n = b.restartsByReason().get(r);
            if (n != null) {
                byReason.put(r.wireName(), n);
            }
        }
        m.put("restarts_by_reason", byReason);
        m.put("failed_starts_total", b.failedStarts());
        if (b.lastRestart() == null) {
            m.put("last_restart", null);
        } else {
            Map<String, Object> lr = new LinkedHashMap<>();
            lr.put("at", ts(b.lastRestart().at()));
            lr.put("reason", b.lastRestart().reason().wireName());
            lr.put("detail", b.lastRestart().detail());
            m.put("last_restart", lr);
        }
        m.put("consecutive_probe_failures", b.consecutiveProbeFailures());
        m.put("last_probe", probe(b.lastProbe()));
        m.put("memory_mb", b.memoryBytes() == null ? null : round1(b.memoryBytes() / (1024.0 * 1024.0)));
        m.put("memory_limit_mb", b.memoryLimitMb());
        m.put("backoff_seconds", round1(b.backoffMillis() / 1000.0));
        m.put("next_start_at", ts(b.nextStartAt()));
        m.put("consecutive_failures", b.consecutiveFailures());
        m.put("crash_looping", b.crashLooping());
        m.put("ready", b.state() == BotState.RUNNING && b.degradedSince() == null);
        m.put("degraded_since", ts(b.degradedSince()));
        m.put("status_text", b.statusText());
        m.put("starts_in_window", b.startsInWindow());
        m.put("held_until", ts(b.heldUntil()));
        return m;
    }

    private static Map<String, Object> probe(ProbeResult p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", ts(p.at()));
        m.put("ok", p.ok());
        m.put("latency_ms", round1(p.latencyMs()));
        if (p.status() != 0) {
            m.put("status", p.status());
        }
        if (p.error() != null) {
            m.put("error", p.error());
        }
        return m;
    }

    static String ts(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
