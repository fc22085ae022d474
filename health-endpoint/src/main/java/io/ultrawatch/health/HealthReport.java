package io.ultrawatch.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One evaluation of {@code /health}: overall status plus every check, in the order they were registered
 * (heartbeat first). Immutable.
 */
record HealthReport(CheckResult.Status status, long pid, double uptimeSeconds, long heartbeatAgeMs,
                    Map<String, Entry> checks) {

    /** One check's result; {@code durationMs} is {@code null} for the heartbeat, which does not run anything. */
    record Entry(CheckResult result, Long durationMs) {
    }

    HealthReport {
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    /** DOWN when any check is DOWN, else DEGRADED when any is DEGRADED, else UP. */
    static CheckResult.Status overall(Map<String, Entry> checks) {
        CheckResult.Status overall = CheckResult.Status.UP;
        for (Entry entry : checks.values()) {
            if (entry.result().isDown()) {
                return CheckResult.Status.DOWN;
            }
            if (entry.result().status() == CheckResult.Status.DEGRADED) {
                overall = CheckResult.Status.DEGRADED;
            }
        }
        return overall;
    }

    String toJson() {
        StringBuilder json = new StringBuilder(256)
                .append("{\"status\":").append(Json.quote(status.name()))
                .append(",\"pid\":").append(pid)
                .append(",\"uptime_seconds\":").append(String.format(Locale.ROOT, "%.1f", uptimeSeconds))
                .append(",\"heartbeat_age_ms\":").append(heartbeatAgeMs)
                .append(",\"checks\":{");
        String separator = "";
        for (Map.Entry<String, Entry> check : checks.entrySet()) {
            Entry entry = check.getValue();
            json.append(separator).append(Json.quote(check.getKey()))
                    .append(":{\"status\":").append(Json.quote(entry.result().status().name()))
                    .append(",\"detail\":").append(Json.quote(entry.result().detail()));
            if (entry.durationMs() != null) {
                json.append(",\"duration_ms\":").append(entry.durationMs());
            }
            json.append('}');
            separator = ",";
        }
        return json.append("}}").toString();
    }
}
