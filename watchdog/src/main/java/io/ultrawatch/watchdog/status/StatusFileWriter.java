package io.ultrawatch.watchdog.status;

import io.ultrawatch.watchdog.time.DaemonThreads;
import io.ultrawatch.watchdog.files.AtomicFiles;
import io.ultrawatch.watchdog.json.Json;
import io.ultrawatch.watchdog.process.ProcStat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code status.json} and its one-line twin for scripts, {@code status/heartbeat} (format in
 * {@link HeartbeatLine}), current: a change a reader must see (a state, pid, restart count or config error) is
 * written at once; anything else (a probe's latency, uptime, memory) waits for the heartbeat write once per status
 * interval, so a bot probed every second does not cost a write and an fsync a second. Bursts collapse into one write,
 * and all disk work happens on its own thread so a slow or full disk never stalls a supervisor. A failed write is
 * logged when it starts, then once a minute while writes keep failing, and once more on recovery; every one is counted
 * ({@code ultrawatch_watchdog_status_write_failures_total}) and {@link #failing()} tells {@code /healthz}, which cron
 * asks when the heartbeat file goes stale. Supervision goes on.
 */
public final class StatusFileWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusFileWriter.class);

    private final Path file;
    private final Path heartbeatFile;
    private final StatusBoard board;
    /** Written into every heartbeat line: scripts compare the heartbeat's age with it (see {@link Liveness}). */
    private final long hungAfterMs;
    /** The watchdog's start time in clock ticks, read once: the line names the process like watchdog.pid does. */
    private final long startTicks;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            DaemonThreads.factory("ultrawatch-status", 1));
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean failing;
    /** While writes fail, one log line per this long. */
    static final Duration FAILURE_LOG_EVERY = Duration.ofMinutes(1);
    private long lastFailureLog;

    private final LongSupplier nanoTime;
    private final long heartbeatNanos;
    private volatile long writtenVersion = -1;
    private volatile long writtenAt;

    /**
     * @param heartbeat the status interval: unimportant changes are written at most this often (a little less, so the
     *     tick that refreshes every bot each interval always gets its write)
     */
    public StatusFileWriter(Path file, StatusBoard board, LongSupplier nanoTime, Duration heartbeat) {
        this.file = file;
        this.heartbeatFile = file.resolveSibling(HeartbeatLine.FILE_NAME);
        this.board = board;
        this.hungAfterMs = Liveness.hungAfter(heartbeat).toMillis();
        this.startTicks = ProcStat.of(board.info().pid()).map(ProcStat::startTicks).orElse(-1L);
        this.nanoTime = nanoTime;
        this.heartbeatNanos = heartbeat.toNanos() * 9 / 10;
        this.writtenAt = nanoTime.getAsLong() - heartbeatNanos;
        board.onChange(this::onChange);
    }

    private void onChange() {
        if (needsWrite()) {
            requestWrite();
        }
    }

    /** True when the board changed in a way readers must see now, or the heartbeat write is due. */
    boolean needsWrite() {
        return board.version() != writtenVersion || nanoTime.getAsLong() - writtenAt >= heartbeatNanos;
    }

    public void requestWrite() {
        if (pending.compareAndSet(false, true)) {
            try {
                writer.execute(this::writeNow);
            } catch (RejectedExecutionException e) {
                pending.set(false);
            }
        }
    }

    /** Writes at once on the caller's thread (used for the last write at shutdown). */
    public synchronized void writeNow() {
        pending.set(false);
        writtenVersion = board.version();
        writtenAt = nanoTime.getAsLong();
        try {
            StatusBoard.Reading r = board.read();
            AtomicFiles.write(file, Json.pretty(r.document()));
            // After status.json: a script that sees a fresh heartbeat line finds a status.json at least as fresh.
            StatusBoard.ControlAddress control = board.control().orElse(null);
            new HeartbeatLine(board.info().pid(), startTicks, r.heartbeat().toEpochMilli(), hungAfterMs,
                    control == null ? null : control.host(), control == null ? 0 : control.port(), r.botsTotal(),
                    r.botsRunning()).write(heartbeatFile);
            writes.incrementAndGet();
            if (failing) {
                failing = false;
                log.info("Writing {} works again", file);
            }
        } catch (IOException | RuntimeException e) {
            long n = failures.incrementAndGet();
            long now = nanoTime.getAsLong();
            // One line when it starts, then one a minute while it lasts: a full disk must not flood the log (which
            // is often on the same disk), nor go quiet while it lasts.
            if (!failing || now - lastFailureLog >= FAILURE_LOG_EVERY.toNanos()) {
                log.error("Cannot write {}: {} ({} failed writes so far; supervision goes on, /healthz says"
                        + " status_write_failing; retrying at every change)", file, e.toString(), n);
                lastFailureLog = now;
            }
            failing = true;
        }
    }

    /** Successful writes, for tests and curiosity. */
    public long writes() {
        return writes.get();
    }

    public long failures() {
        return failures.get();
    }

    /** True while the last write failed (a full disk): the heartbeat file goes stale while supervision goes on. */
    public boolean failing() {
        return failing;
    }

    /** Lets a queued write finish, then stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
