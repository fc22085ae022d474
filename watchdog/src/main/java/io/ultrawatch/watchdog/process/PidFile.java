package io.ultrawatch.watchdog.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import io.ultrawatch.watchdog.files.AtomicFiles;

/**
 * A pid file holding {@code "<pid> <startTicks>\n"}: the pid and the process's start time from /proc, so a pid the
 * kernel gave to an unrelated process since is never taken for ours. The shell scripts read the same two numbers.
 * A bot's pid file has more fields after them ({@code <pid> <startTicks> <cookie> <command fingerprint>}): readers
 * take the first two and ignore the rest ({@code ultra_read_pidfile} in {@code scripts/lib/common.sh} too).
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
        write(pid, startTicks, List.of());
    }

    /** @param extra more fields (no blanks in them), after the two every reader takes */
    public void write(long pid, long startTicks, List<String> extra) throws IOException {
        StringBuilder line = new StringBuilder().append(pid).append(' ').append(startTicks);
        extra.forEach(f -> line.append(' ').append(f));
        AtomicFiles.write(path, line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The fields after pid and start time; empty when there are none or the file cannot be read. */
    public List<String> extra() {
        try {
            String[] parts = Files.readString(path, StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts.length <= 2 ? List.of() : List.of(parts).subList(2, parts.length);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
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
