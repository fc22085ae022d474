package io.ultrawatch.watchdog.process;

import io.ultrawatch.watchdog.files.AtomicFiles;
import io.ultrawatch.watchdog.policy.StartHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each bot's starts in {@code <status_dir>/<bot>.starts}: one start a line, as epoch milliseconds, written
 * atomically (temp file + rename) at every start, so the start budget survives the watchdog. At most the budget's
 * size of lines (200 by default, a few KB). A failed write (full disk) is logged at most once a minute and never
 * stops a start: the budget then counts what this watchdog saw.
 */
public final class StartHistoryFile implements StartHistory {
    private static final Logger log = LoggerFactory.getLogger(StartHistoryFile.class);
    private static final long LOG_EVERY_MS = 60_000;

    private final Path dir;
    private final Clock clock;
    private final AtomicLong lastComplaintMs = new AtomicLong(Long.MIN_VALUE / 2);

    public StartHistoryFile(Path statusDir, Clock clock) {
        this.dir = statusDir;
        this.clock = clock;
    }

    public Path file(String bot) {
        return dir.resolve(bot + ".starts");
    }

    @Override
    public List<Instant> load(String bot) {
        List<Instant> starts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file(bot), StandardCharsets.US_ASCII)) {
                String t = line.strip();
                if (!t.isEmpty()) {
                    starts.add(Instant.ofEpochMilli(Long.parseLong(t)));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | NumberFormatException e) {
            log.warn("Cannot read the start history {} ({}); the start budget counts from now", file(bot),
                    e.toString());
        }
        return starts;
    }

    @Override
    public void save(String bot, List<Instant> starts) {
        StringBuilder text = new StringBuilder(starts.size() * 14);
        starts.forEach(s -> text.append(s.toEpochMilli()).append('\n'));
        try {
            AtomicFiles.write(file(bot), text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            long now = clock.millis();
            long last = lastComplaintMs.get();
            if (now - last >= LOG_EVERY_MS && lastComplaintMs.compareAndSet(last, now)) {
                log.warn("Cannot write the start history {} ({}); the start budget still counts in memory",
                        file(bot), e.toString());
            }
        }
    }
}
