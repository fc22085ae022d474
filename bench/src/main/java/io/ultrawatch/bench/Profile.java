package io.ultrawatch.bench;

/**
 * The settings every tool gets, as close as each allows. TIGHT is for the timing scenarios and chaos; IDLE for the
 * idle-cost and scale runs (1 s probes, the idle target).
 */
enum Profile {
    TIGHT(500, 250),
    IDLE(1000, 1000);

    /** The bench bot's RSS limit; the bot starts near 10 MB and a leak passes this in under a second. */
    static final long MEMORY_LIMIT_MB = 64;
    static final int PROBE_TIMEOUT_MS = 500;
    static final int PROBE_FAILURES = 2;
    /** Time a stopping bot gets after SIGTERM before SIGKILL (supervisord stopwaitsecs, monit stop timeout). */
    static final int GRACE_S = 2;

    final int probeIntervalMs;
    final int memorySampleMs;

    Profile(int probeIntervalMs, int memorySampleMs) {
        this.probeIntervalMs = probeIntervalMs;
        this.memorySampleMs = memorySampleMs;
    }
}
