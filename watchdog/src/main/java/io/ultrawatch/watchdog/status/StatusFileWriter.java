package io.ultrawatch.watchdog.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code status.json} current: a write is queued on every change, bursts collapse into one write, and all disk
 * work happens on its own thread so a slow or full disk never stalls a supervisor. A failed write is logged once
 * (and once more on recovery) and counted; supervision goes on.
 */
public final class StatusFileWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusFileWriter.class);

    private final Path file;
    private final StatusBoard board;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ultrawatch-status");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean failing;

    public StatusFileWriter(Path file, StatusBoard board) {
        this.file = file;
        this.board = board;
        board.onChange(this::requestWrite);
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
        try {
            AtomicFiles.write(file, json.writeValueAsBytes(board.document()));
            if (failing) {
                failing = false;
                log.info("Writing {} works again", file);
            }
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            if (!failing) {
                failing = true;
                log.error("Cannot write {}: {} (supervision goes on; retrying at every change)", file, e.toString());
            }
        }
    }

    public long failures() {
        return failures.get();
    }

    public Path file() {
        return file;
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
