package io.ultrawatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a tool gets for one kind of scenario. ultrawatch gets the fields, and a field that is {@code null} is not
 * written into its config at all, so the watchdog's own default applies (the effective values are read back from the
 * watchdog jar, see {@link Effective}); monit reads {@link #monit}; supervisord only the shared {@link #GRACE_S} (it
 * has no check to tune).
 *
 * <p>The cross-tool comparison runs under two profiles: {@link #sameBudget()} (every tool at the same check interval,
 * timeout, failures before action, memory sampling, stop grace and startup allowance: the settings monit's whole
 * seconds allow) and {@link #tight()} ("tightest each tool allows").
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
 * @param monit             what monit's config gets under this profile
 * @param notifyWatchdogMs  null: the HTTP probe of the fields above; else {@code health.type: notify} with this
 *                          watchdog_interval (the probe's interval, timeout and threshold are then not written: a
 *                          notify bot is not polled), see {@link #withNotify}
 */
record Profile(String name, int probeIntervalMs, Integer probeTimeoutMs, Integer probeFailures, Integer startupTimeoutS,
               Integer healthStopGraceMs, Integer memorySampleMs, Integer memorySamples, Integer statusIntervalMs,
               Integer stopGraceS, boolean fastRestart, boolean restartFlag, Monit monit, Integer notifyWatchdogMs) {

    /** The name of the same-budget profile (in --profile, the JSON and the tables). */
    static final String SAME_BUDGET = "same-budget";
    /** The name of the tightest-each-tool-allows profile (the earlier runs' "tight"). */
    static final String TIGHTEST = "tightest";
    /**
     * watchdog_interval of notify_hang's notify bot: the same 1 s as the HTTP probe's interval (and timeout) it is
     * set against, so both have the same budget and only push against poll differs.
     */
    static final int NOTIFY_HANG_WATCHDOG_MS = 1000;
    /**
     * watchdog_interval of scale_notify: the bench bot beats every WATCHDOG_USEC/2 (systemd's advice), so 2 s gives
     * a WATCHDOG=1 every second per bot, one message a second as the 1 s HTTP probe of scale is one request a second.
     */
    static final int SCALE_NOTIFY_WATCHDOG_MS = 2000;

    /**
     * monit's settings: {@code set daemon cycleS}; the HTTP test {@code with timeout httpTimeoutS seconds}, acted on
     * after {@code failCycles} failed cycles (1: no {@code for} clause); {@code start program ... with timeout
     * startTimeoutS seconds} (monit also pauses connection tests until the process has been up that long); the stop
     * program's SIGTERM, and with {@code stopEscalates} its own SIGKILL to the process group after {@code stopGraceS}
     * (monit has no escalation of its own: without it a bot that ignores SIGTERM is never stopped).
     */
    record Monit(int cycleS, int httpTimeoutS, int failCycles, int startTimeoutS, int stopGraceS,
                 boolean stopEscalates) {
        /** The earlier runs' monit: 1 s cycle, 1 s timeout, for 2 cycles, SIGTERM only. */
        static final Monit TIGHTEST = new Monit(1, 1, PROBE_FAILURES, STARTUP_ALLOWANCE_S, GRACE_S, false);
        /** The same budget as every other tool: act on the first failed cycle, SIGKILL after the grace. */
        static final Monit SAME_BUDGET = new Monit(1, 1, 1, STARTUP_ALLOWANCE_S, GRACE_S, true);

        /**
         * How long monit's stop program may run: the grace plus 1 s when the script itself waits out the grace before
         * its SIGKILL (monit would otherwise give up on the script before it escalates).
         */
        int stopProgramTimeoutS() {
            return stopEscalates ? stopGraceS + 1 : stopGraceS;
        }
    }

    /** The bench bot's RSS limit; the bot starts near 10 MB and a leak passes this in under a second. */
    static final long MEMORY_LIMIT_MB = 64;
    /** Failed checks in a row before a restart in the tightest profile (failure_threshold, monit "for N cycles"). */
    static final int PROBE_FAILURES = 2;
    /** Time a stopping bot gets after SIGTERM before SIGKILL (supervisord stopwaitsecs, monit stop timeout). */
    static final int GRACE_S = 2;
    /**
     * How long a starting bot may take before it counts as failed: ultrawatch health.startup_timeout, monit's start
     * program timeout. The same in both profiles: it is what a slow bot needs to boot, not a detection knob (a
     * shorter one would shrink monit's pause of connection tests after a start, and equally the time a slow bot gets
     * to come up before monit gives up on its start).
     */
    static final int STARTUP_ALLOWANCE_S = 10;
    /** Check interval, check timeout and memory sampling of the same-budget profile: monit's shortest cycle. */
    static final int SAME_BUDGET_CHECK_MS = 1000;
    /** health.stop_grace of the tightest profile (--ultra-health-stop-grace-ms, default 500; 0 = key not written). */
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
        return new Profile(TIGHTEST, 250, 250, PROBE_FAILURES, STARTUP_ALLOWANCE_S, positive(healthStopGraceOverrideMs),
                100, 1, 1000, GRACE_S, true, true, Monit.TIGHTEST, null);
    }

    /**
     * The cross-tool default: every tool checks every 1 s with a 1 s timeout and acts on the first failed check,
     * samples memory every 1 s and acts on the first sample over the limit, gives a stopping bot 2 s after SIGTERM
     * before SIGKILL (a stop for failed health too) and a starting bot 10 s. Those are the settings monit can express
     * (its cycle is 1 s at the least, its HTTP timeout whole seconds). supervisord has no health or memory check and
     * keeps its config (stopwaitsecs 2).
     */
    static Profile sameBudget() {
        return new Profile(SAME_BUDGET, SAME_BUDGET_CHECK_MS, SAME_BUDGET_CHECK_MS, 1, STARTUP_ALLOWANCE_S,
                GRACE_S * 1000, SAME_BUDGET_CHECK_MS, 1, 1000, GRACE_S, true, true, Monit.SAME_BUDGET, null);
    }

    /** The label of a comparison table set. */
    String label() {
        return switch (name) {
            case SAME_BUDGET -> "same budget (every tool: 1 s checks, 1 s timeout, act on the first failure, memory"
                    + " every 1 s, stop grace 2 s)";
            case TIGHTEST -> "tightest each tool allows (ultrawatch 250 ms probes; monit 1 s cycle, for 2 cycles)";
            default -> name;
        };
    }

    /**
     * The idle target ("1 s probes"): the watchdog's defaults for everything but health.interval (and the
     * bench bot's URL, memory limit and a 500 ms probe timeout). Overrides of --ultra-memory-sample-ms and
     * --ultra-status-interval-ms apply.
     */
    static Profile idle() {
        return new Profile("idle", 1000, 500, null, null, null, positive(memorySampleOverrideMs), null,
                positive(statusIntervalOverrideMs), null, false, false, Monit.SAME_BUDGET, null);
    }

    /** The idle run as it was measured before: 1 s probes, 1 s memory samples, status.json every 1 s. */
    static Profile idleBusy() {
        return new Profile("idle-busy", 1000, 500, PROBE_FAILURES, 10, null, 1000, 1, 1000, GRACE_S, true, true,
                Monit.SAME_BUDGET, null);
    }

    /**
     * Scale (N bots): 1 s probes; memory.sample_interval and status_interval the watchdog's defaults unless
     * --ultra-memory-sample-ms / --ultra-status-interval-ms say otherwise. A generous startup timeout: 200 bots
     * booting at once on 2 cores must not be restarted for being slow.
     */
    static Profile scale() {
        return new Profile("scale", 1000, 500, PROBE_FAILURES, 120, null, positive(memorySampleOverrideMs), 1,
                positive(statusIntervalOverrideMs), GRACE_S, true, true, Monit.SAME_BUDGET, null);
    }

    /**
     * notify_hang's notify side: {@link #sameBudget()} with {@code health.type: notify}, watchdog_interval 1 s; its
     * HTTP side is {@link #sameBudget()} itself.
     */
    static Profile notifyHang() {
        return sameBudget().withNotify(NOTIFY_HANG_WATCHDOG_MS);
    }

    /** scale_notify: {@link #scale()} with notify bots, watchdog_interval 2 s (a beat a second). */
    static Profile scaleNotify() {
        return scale().withNotify(SCALE_NOTIFY_WATCHDOG_MS);
    }

    /**
     * The same profile with {@code health.type: notify} in place of the HTTP probe: memory, stop, restart, startup
     * and status settings stay, so a comparison with the original differs in the health check only.
     */
    Profile withNotify(int watchdogIntervalMs) {
        return new Profile(name + "-notify", probeIntervalMs, probeTimeoutMs, probeFailures, startupTimeoutS,
                healthStopGraceMs, memorySampleMs, memorySamples, statusIntervalMs, stopGraceS, fastRestart,
                restartFlag, monit, watchdogIntervalMs);
    }

    /** {@code health.type: notify} (not named notify(): that is Object's). */
    boolean notifyCheck() {
        return notifyWatchdogMs != null;
    }

    /**
     * When a hung bot's restart is due at the latest, counted from what the bot last did: its last beat (notify) or
     * the arrival of the probe it holds (HTTP): watchdog_interval, or the probe timeout.
     */
    long deadlineAfterMs() {
        if (notifyCheck()) {
            return notifyWatchdogMs;
        }
        if (probeTimeoutMs == null) {
            throw new IllegalStateException(name + ": no health.timeout written, so the deadline is the watchdog's"
                    + " default; write one to time a hang against it");
        }
        return probeTimeoutMs;
    }

    /** The health check in words, for the tables; the bench bot beats every WATCHDOG_USEC/2. */
    String healthInWords() {
        return notifyCheck() ? "notify, watchdog_interval " + Effective.ms(notifyWatchdogMs) + " (the bot sends"
                + " WATCHDOG=1 every " + Effective.ms(notifyWatchdogMs / 2) + ")"
                : "http, interval " + Effective.ms(probeIntervalMs) + ", timeout "
                + (probeTimeoutMs == null ? "default" : Effective.ms(probeTimeoutMs)) + ", failure_threshold "
                + (probeFailures == null ? "default" : probeFailures);
    }

    private static Integer positive(int v) {
        return v > 0 ? v : null;
    }

    /** The profile as written (keys not written show as "default"), for the JSON. */
    Map<String, Object> written() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health.type", notifyCheck() ? "notify" : "http");
        if (notifyCheck()) {
            m.put("health.watchdog_interval_ms", notifyWatchdogMs);
        } else {
            m.put("health.interval_ms", probeIntervalMs);
            m.put("health.timeout_ms", orDefault(probeTimeoutMs));
            m.put("health.failure_threshold", orDefault(probeFailures));
        }
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
