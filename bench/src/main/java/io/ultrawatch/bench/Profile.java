package io.ultrawatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a tool gets for one kind of scenario. supervisord and monit read only the shared constants (they have
 * nothing finer: monit's cycle is 1 s at the least, its HTTP timeout whole seconds); ultrawatch gets the fields, and a
 * field that is {@code null} is not written into its config at all, so the watchdog's own default applies (the
 * effective values are read back from the watchdog jar, see {@link Effective}).
 *
 * @param name              the profile's name in the JSON
 * @param probeIntervalMs   health.interval
 * @param probeTimeoutMs    health.timeout
 * @param probeFailures     health.failure_threshold
 * @param startupTimeoutS   health.startup_timeout
 * @param healthStopGraceMs health.stop_grace: the SIGTERM → SIGKILL grace of a stop caused by failed health checks
 * @param memorySampleMs    memory.sample_interval
 * @param memorySamples     memory.consecutive_samples
 * @param statusIntervalMs  watchdog.status_interval
 * @param stopGraceS        stop.grace (with stop.signal TERM)
 * @param fastRestart       restart: {backoff_base: 0s, backoff_max: 1s, jitter: 0, stable_after: 5s}
 * @param restartFlag       restart_flag_file (the bench's restart request; polled by the watchdog)
 */
record Profile(String name, int probeIntervalMs, Integer probeTimeoutMs, Integer probeFailures, Integer startupTimeoutS,
               Integer healthStopGraceMs, Integer memorySampleMs, Integer memorySamples, Integer statusIntervalMs,
               Integer stopGraceS, boolean fastRestart, boolean restartFlag) {

    /** The bench bot's RSS limit; the bot starts near 10 MB and a leak passes this in under a second. */
    static final long MEMORY_LIMIT_MB = 64;
    /** Failed checks in a row before a restart (ultrawatch failure_threshold, monit "for N cycles"). */
    static final int PROBE_FAILURES = 2;
    /** Time a stopping bot gets after SIGTERM before SIGKILL (supervisord stopwaitsecs, monit stop timeout). */
    static final int GRACE_S = 2;
    /** health.stop_grace of the tight profile (--ultra-health-stop-grace-ms, default 500; 0 = key not written). */
    static int healthStopGraceOverrideMs = 500;

    /** --ultra-memory-sample-ms: memory.sample_interval for idle and scale; 0 = the profile's. */
    static int memorySampleOverrideMs;
    /** --ultra-status-interval-ms: watchdog.status_interval for idle and scale; 0 = the profile's. */
    static int statusIntervalOverrideMs;

    /**
     * Timing scenarios and chaos: ultrawatch's tight settings. Probes every 250 ms with a 250 ms timeout, 2 failures
     * (200 ms probes while starting, the watchdog's own); memory every 100 ms, 1 sample; a stop caused by failed
     * health checks gets 500 ms before SIGKILL, any other stop 2 s (SIGTERM first).
     */
    static Profile tight() {
        return new Profile("tight", 250, 250, PROBE_FAILURES, 10, positive(healthStopGraceOverrideMs), 100, 1, 1000,
                GRACE_S, true, true);
    }

    /**
     * The idle target ("1 s probes"): the watchdog's defaults for everything but health.interval (and the
     * bench bot's URL, memory limit and a 500 ms probe timeout). Overrides of --ultra-memory-sample-ms and
     * --ultra-status-interval-ms apply.
     */
    static Profile idle() {
        return new Profile("idle", 1000, 500, null, null, null, positive(memorySampleOverrideMs), null,
                positive(statusIntervalOverrideMs), null, false, false);
    }

    /** The idle run as it was measured before: 1 s probes, 1 s memory samples, status.json every 1 s. */
    static Profile idleBusy() {
        return new Profile("idle-busy", 1000, 500, PROBE_FAILURES, 10, null, 1000, 1, 1000, GRACE_S, true, true);
    }

    /**
     * Scale (N bots): 1 s probes; memory.sample_interval and status_interval the watchdog's defaults unless
     * --ultra-memory-sample-ms / --ultra-status-interval-ms say otherwise. A generous startup timeout: 200 bots
     * booting at once on 2 cores must not be restarted for being slow.
     */
    static Profile scale() {
        return new Profile("scale", 1000, 500, PROBE_FAILURES, 120, null, positive(memorySampleOverrideMs), 1,
                positive(statusIntervalOverrideMs), GRACE_S, true, true);
    }

    private static Integer positive(int v) {
        return v > 0 ? v : null;
    }

    /** The profile as written (keys not written show as "default"), for the JSON. */
    Map<String, Object> written() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health.interval_ms", probeIntervalMs);
        m.put("health.timeout_ms", orDefault(probeTimeoutMs));
        m.put("health.failure_threshold", orDefault(probeFailures));
        m.put("health.startup_timeout_s", orDefault(startupTimeoutS));
        m.put("health.stop_grace_ms", orDefault(healthStopGraceMs));
        m.put("memory.max_mb", MEMORY_LIMIT_MB);
        m.put("memory.sample_interval_ms", orDefault(memorySampleMs));
        m.put("memory.consecutive_samples", orDefault(memorySamples));
        m.put("watchdog.status_interval_ms", orDefault(statusIntervalMs));
        m.put("stop.grace_s", orDefault(stopGraceS));
        m.put("restart", fastRestart ? "backoff_base 0s, backoff_max 1s, jitter 0, stable_after 5s" : "default");
        m.put("restart_flag_file", restartFlag);
        return m;
    }

    private static Object orDefault(Integer v) {
        return v == null ? "default" : v;
    }
}
