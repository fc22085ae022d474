package io.ultrawatch.watchdog.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bot's output log read back ({@code logs/<bot>.out.log} and its rotated {@code .1}, {@code .2} …, newest first):
 * the last lines, or the lines since a time. Reads only; the bot writes the file. Reads are bounded in bytes, so a
 * huge log costs a bounded amount of memory and time. Stateless and thread-safe.
 */
public final class OutputLog {
    /** At most this many bytes are read from the end for {@link #last}: a line longer than this is cut. */
    public static final int MAX_TAIL_BYTES = 4 * 1024 * 1024;
    /** A line is cut to this many characters, so one runaway line cannot fill a screen or an API answer. */
    public static final int MAX_LINE_CHARS = 4000;
    /** A line that starts with an ISO-8601 time: {@code 2026-11-23T08:00:00Z}, {@code 2026-11-23 08:00:00.123}. */
    private static final Pattern STAMP = Pattern.compile(
            "^\\[?(\\d{4}-\\d\\d-\\d\\d)[T ](\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?)(Z|[+-]\\d\\d:?\\d\\d)?");

    private final Path live;

    public OutputLog(Path live) {
        this.live = live;
    }

    public Path file() {
        return live;
    }

    /** The rotated copy {@code n} of the live file ({@code x.log.1} is the newest). */
    public Path rotated(int n) {
        return LogFiles.numbered(live, n);
    }

    /** The existing files, oldest first: {@code .N … .1}, then the live one. */
    public List<Path> filesOldestFirst() {
        List<Path> files = new ArrayList<>();
        for (int i = 1; Files.exists(rotated(i)); i++) {
            files.add(0, rotated(i));
        }
        if (Files.exists(live)) {
            files.add(live);
        }
        return files;
    }

    /** The last {@code n} lines, continuing into the rotated files when the live one has fewer. */
    public List<String> last(int n) throws IOException {
        Deque<String> lines = new ArrayDeque<>();
        long budget = MAX_TAIL_BYTES;
        List<Path> files = filesOldestFirst();
        for (int i = files.size() - 1; i >= 0 && lines.size() < n && budget > 0; i--) {
            List<String> got = tail(files.get(i), n - lines.size(), budget);
            budget -= Math.min(budget, Files.size(files.get(i)));
            for (int j = got.size() - 1; j >= 0; j--) {
                lines.addFirst(got.get(j));
            }
        }
        return new ArrayList<>(lines);
    }

    /**
     * Every line written since {@code since}, oldest first. Lines that start with a time are judged by it, and a line
     * without one (a stack trace's next line) goes with the line before. A file in which no line has a time is judged
     * by its modification time: a file last written before {@code since} is skipped whole (stamped or not), any other
     * file is printed whole (nothing in it says which of its lines are older).
     */
    public void since(Instant since, Consumer<String> out) throws IOException {
        for (Path f : filesOldestFirst()) {
            FileTime modified = Files.getLastModifiedTime(f);
            if (modified.toInstant().isBefore(since)) {
                // Nothing in it can be newer than its last write, stamps or not.
                continue;
            }
            boolean keep = false;
            boolean stamped = false;
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                List<String> unstamped = new ArrayList<>();
                while ((line = r.readLine()) != null) {
                    Optional<Instant> at = timestamp(line);
                    if (at.isPresent()) {
                        stamped = true;
                        keep = !at.get().isBefore(since);
                    }
                    if (!stamped) {
                        // No stamp seen yet in this file: decided below, once we know whether it has any.
                        unstamped.add(cut(line));
                        if (unstamped.size() > 100_000) {
                            unstamped.remove(0);
                        }
                    } else {
                        if (!unstamped.isEmpty()) {
                            // Lines before the first stamp: as old as the file's start, shown only if that stamp is.
                            if (keep) {
                                unstamped.forEach(out);
                            }
                            unstamped.clear();
                        }
                        if (keep) {
                            out.accept(cut(line));
                        }
                    }
                }
                if (!stamped) {
                    unstamped.forEach(out);
                }
            }
        }
    }

    /** The time a line starts with, read as UTC when it names no zone (the bots here log UTC), else empty. */
    public static Optional<Instant> timestamp(String line) {
        Matcher m = STAMP.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        String local = m.group(1) + "T" + m.group(2).replace(',', '.');
        String zone = m.group(3);
        try {
            LocalDateTime t = LocalDateTime.parse(local);
            if (zone == null || zone.equals("Z")) {
                return Optional.of(t.toInstant(java.time.ZoneOffset.UTC));
            }
            String z = zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone;
            return Optional.of(t.atZone(ZoneId.of(z)).toInstant());
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    static String cut(String line) {
        return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + " …(cut)";
    }

    /** The last {@code n} lines of one file, reading at most {@code budget} bytes from its end. */
    static List<String> tail(Path f, int n, long budget) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long size = raf.length();
            long start = Math.max(0, size - budget);
            int chunk = 64 * 1024;
            long pos = size;
            int newlines = 0;
            // Walk back in chunks until n+1 line ends are seen (the last line may lack its newline).
            while (pos > start && newlines <= n) {
                int len = (int) Math.min(chunk, pos - start);
                pos -= len;
                byte[] buf = new byte[len];
                raf.seek(pos);
                raf.readFully(buf);
                for (int i = len - 1; i >= 0; i--) {
                    if (buf[i] == '\n' && pos + i != size - 1) {
                        newlines++;
                        if (newlines > n) {
                            pos = pos + i + 1;
                            break;
                        }
                    }
                }
            }
            byte[] all = new byte[(int) (size - pos)];
            raf.seek(pos);
            raf.readFully(all);
            String text = new String(all, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                lines.add(cut(line));
            }
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines.size() <= n ? lines : lines.subList(lines.size() - n, lines.size());
        }
    }
}
