package io.ultrawatch.watchdog.control;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Caps the requests one client address has in the handlers at once, so one client (a runaway script, a scraper gone
 * wrong) cannot take every worker of {@link ControlServer#MAX_THREADS}. Over the cap the request gets a 503 at once.
 * Every local user connects from 127.0.0.1, so on one machine this is a cap for all local clients together: what
 * keeps one local user from starving another is the request time limit and the worker headroom of
 * {@link ControlServer}, and what keeps cron from killing a healthy watchdog is that it decides on the heartbeat file,
 * which only the watchdog's user can write (README, "Security and failure model").
 *
 * <p>Thread-safe.
 */
final class ClientLimit {
    /** Requests of one address in the handlers at once: a dashboard, the CLI and a scraper need a few. */
    static final int PER_CLIENT = 16;

    private final int max;
    private final Map<InetAddress, Integer> inFlight = new HashMap<>();

    ClientLimit(int max) {
        this.max = max;
    }

    /** Counts a request of {@code client} in; false (and nothing counted) when it already has {@code max}. */
    synchronized boolean enter(InetAddress client) {
        int n = inFlight.getOrDefault(client, 0);
        if (n >= max) {
            return false;
        }
        inFlight.put(client, n + 1);
        return true;
    }

    /** Counts a request admitted by {@link #enter} out. */
    synchronized void exit(InetAddress client) {
        inFlight.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    int max() {
        return max;
    }
}
