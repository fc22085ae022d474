package io.ultrawatch.watchdog.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import io.ultrawatch.watchdog.files.AtomicFiles;

/**
 * A pid file holding {@code "<pid> <startTicks>\n"}: the pid and the process's start time from /proc, so a pid the
 * kernel gave to an unrelated process since is never taken for ours. The shell scripts read the same two numbers.
 * It is written atomically (temp file + rename), so a reader never sees half a line.
 */
public record PidFile(Path path) {

    /** A process identity: pid plus start time in clock ticks after boot. */
    public record Entry(long pid, long startTicks) {
        /** True when this pid is alive now and is still the process that was recorded. */
        public boolean isAlive() {
            return ProcStat.of(pid).filter(s -> !s.zombie() && s.startTicks() == startTicks).isPresent();
        }
    }

    public void write(long pid, long startTicks) throws IOException {
        AtomicFiles.write(path, (pid + " " + startTicks + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public Optional<Entry> read() {
        try {
            String[] parts = Files.readString(path, StandardCharsets.US_ASCII).trim().split("\\s+");
            return Optional.of(new Entry(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A pid file that cannot be removed is harmless: its start time no longer matches a live process.
        }
    }
}
