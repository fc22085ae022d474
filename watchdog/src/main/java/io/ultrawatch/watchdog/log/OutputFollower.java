package io.ultrawatch.watchdog.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows a bot's output log like {@code tail -F}, through both rotations {@link LogFiles} makes: the copy-truncate
 * while the bot runs (the file shrinks; its old content is now {@code .1}) and the rename before a start (a new
 * file appears). On either, the unread rest is taken from {@code .1} when {@code .1} really is the old file (its
 * bytes before the read position match the last bytes read), then the new file is read from its start: no line is
 * printed twice, and the only lines lost are those the copy-truncate itself loses. Not thread-safe: one caller
 * polls.
 */
public final class OutputFollower {
    /** Bytes remembered from before the read position, to recognise the old file in {@code .1}. */
    private static final int FINGERPRINT = 256;

    private final OutputLog log;
    private long position;
    private Object fileKey;
    private byte[] lastBytes = new byte[0];
    private final StringBuilder partial = new StringBuilder();

    /** Starts at the live file's current end (what is there was printed already, or is not wanted). */
    public OutputFollower(OutputLog log) throws IOException {
        this.log = log;
        Path f = log.file();
        if (Files.exists(f)) {
            position = Files.size(f);
            fileKey = key(f);
            lastBytes = readRange(f, Math.max(0, position - FINGERPRINT), position);
        }
    }

    /** Reads what was written since the last call and hands each complete line to {@code out}. */
    public void poll(Consumer<String> out) throws IOException {
        Path f = log.file();
        if (!Files.exists(f)) {
            return;
        }
        long size = Files.size(f);
        Object key = key(f);
        boolean replaced = fileKey != null && !Objects.equals(key, fileKey);
        if (size < position || replaced) {
            finishFromRotated(out);
            position = 0;
            lastBytes = new byte[0];
        }
        fileKey = key;
        if (size > position) {
            position += read(f, position, size, out);
        }
    }

    /** The rest of the old file, if {@code .1} is it; else (rotated twice since, or dropped) it is gone. */
    private void finishFromRotated(Consumer<String> out) throws IOException {
        Path old = log.rotated(1);
        if (Files.exists(old) && Files.size(old) >= position
                && Arrays.equals(readRange(old, position - lastBytes.length, position), lastBytes)) {
            read(old, position, Files.size(old), out);
        }
        if (partial.length() > 0) {
            // The old file ended without a newline: its last line is complete now.
            out.accept(OutputLog.cut(partial.toString()));
            partial.setLength(0);
        }
    }

    /** Hands on the complete lines of {@code [from, to)}; returns the bytes read (fewer when far behind). */
    private int read(Path f, long from, long to, Consumer<String> out) throws IOException {
        byte[] bytes = readRange(f, from, to);
        partial.append(new String(bytes, StandardCharsets.UTF_8));
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            out.accept(OutputLog.cut(partial.substring(0, nl)));
            partial.delete(0, nl + 1);
        }
        byte[] joined = new byte[lastBytes.length + bytes.length];
        System.arraycopy(lastBytes, 0, joined, 0, lastBytes.length);
        System.arraycopy(bytes, 0, joined, lastBytes.length, bytes.length);
        lastBytes = Arrays.copyOfRange(joined, Math.max(0, joined.length - FINGERPRINT), joined.length);
        return bytes.length;
    }

    private static byte[] readRange(Path f, long from, long to) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long end = Math.min(to, raf.length());
            // A follower that fell far behind reads at most 8 MiB at once; the rest comes at the next poll.
            int len = (int) Math.max(0, Math.min(end - from, 8L * 1024 * 1024));
            byte[] buf = new byte[len];
            raf.seek(from);
            raf.readFully(buf);
            return buf;
        }
    }

    private static Object key(Path f) throws IOException {
        return Files.readAttributes(f, BasicFileAttributes.class).fileKey();
    }
}
