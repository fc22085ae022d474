package io.ultrawatch.watchdog.status;

import io.ultrawatch.watchdog.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code status/heartbeat}: the status contract for shell scripts, one line of space-separated fields so that bash
 * reads it with a single {@code read -r} (no JSON layout to parse, no JVM on cron's fast path):
 *
 * <pre>
 * pid start_ticks heartbeat_epoch_ms hung_after_ms control_host control_port bots_total bots_running
 * 23298 1234567 1796112000123 25000 127.0.0.1 8000 1 1
 * </pre>
 *
 * <ul>
 *   <li>{@code pid start_ticks}: the watchdog (start time in clock ticks after boot, /proc/PID/stat field 22, as in
 *       {@code watchdog.pid}), so a file left by an earlier watchdog is recognised as such; {@code -1} ticks when
 *       /proc could not be read</li>
 *   <li>{@code heartbeat_epoch_ms}: {@code heartbeat_at} of {@code status.json}, in milliseconds since the epoch</li>
 *   <li>{@code hung_after_ms}: {@link Liveness#hungAfter} of the watchdog's status interval; the watchdog is hung when
 *       now minus {@code heartbeat_epoch_ms} is greater than this</li>
 *   <li>{@code control_host control_port}: where a client on this machine reaches the control server
 *       ({@code /healthz}); {@code - -} while it does not listen</li>
 *   <li>{@code bots_total bots_running}: how many bots are configured and how many of them are RUNNING</li>
 * </ul>
 *
 * Written with {@code status.json} (same moment, same data), atomically, ending in a newline. Fields are only ever
 * added at the end, so a reader that names a trailing catch-all variable keeps working.
 */
public record HeartbeatLine(long pid, long startTicks, long heartbeatEpochMs, long hungAfterMs, String controlHost,
                            int controlPort, int botsTotal, int botsRunning) {
    public static final String FILE_NAME = "heartbeat";
    /** What the line holds for the control fields while no control server listens. */
    static final String NONE = "-";

    public static Path file(Path statusDir) {
        return statusDir.resolve(FILE_NAME);
    }

    /** True when the control server's address is known. */
    public boolean hasControl() {
        return controlHost != null && controlPort > 0;
    }

    public String line() {
        return pid + " " + startTicks + " " + heartbeatEpochMs + " " + hungAfterMs + " "
                + (hasControl() ? controlHost + " " + controlPort : NONE + " " + NONE) + " " + botsTotal + " "
                + botsRunning + "\n";
    }

    void write(Path target) throws IOException {
        AtomicFiles.write(target, line().getBytes(StandardCharsets.US_ASCII));
    }

    /** Parses a line; empty when it is not one of ours (fewer fields, a field that is not a number). */
    public static Optional<HeartbeatLine> parse(String line) {
        String[] f = line.strip().split(" +");
        if (f.length < 8) {
            return Optional.empty();
        }
        try {
            boolean control = !NONE.equals(f[4]) && !NONE.equals(f[5]);
            return Optional.of(new HeartbeatLine(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), control ? f[4] : null, control ? Integer.parseInt(f[5]) : 0,
                    Integer.parseInt(f[6]), Integer.parseInt(f[7])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The line of {@code statusDir/heartbeat}; empty when missing, unreadable or malformed. */
    public static Optional<HeartbeatLine> read(Path statusDir) {
        try {
            return parse(Files.readString(file(statusDir), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
