package io.ultrawatch.watchdog.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A mark in the environment of every process of one start of a bot ({@code ULTRAWATCH_COOKIE=<bot>-<random>}), the
 * way Jenkins' ProcessTreeKiller finds a build's processes: every descendant inherits it, also one that left the
 * bot's session and was re-parented to init ({@code setsid -f}, a double fork), so a stop finds it in
 * {@code /proc/<pid>/environ}. Not a secret: it only tells "this process came from that start". Its limit: a
 * descendant that clears its environment ({@code env -i}) and detaches is not found.
 */
record BotCookie(String value) {
    static final String NAME = "ULTRAWATCH_COOKIE";
    private static final Pattern VALID = Pattern.compile("[a-z0-9_-]+-[0-9a-f]{16}");

    BotCookie {
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a cookie: " + value);
        }
    }

    /** A new cookie for one start of {@code bot}. */
    static BotCookie next(String bot) {
        return new BotCookie(bot + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
    }

    /** The cookie a pid file recorded, or null when the text is not one (a pid file of an older watchdog). */
    static BotCookie parse(String text) {
        return text != null && VALID.matcher(text).matches() ? new BotCookie(text) : null;
    }

    /** True when process {@code pid} carries this cookie; false when it does not or its environ is unreadable. */
    boolean foundIn(long pid) {
        byte[] environ;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/environ")) {
            environ = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return false; // gone, or another user's process
        }
        return contains(environ, (NAME + "=" + value).getBytes(StandardCharsets.US_ASCII));
    }

    /** True when {@code entry} is one whole NUL-separated entry of {@code environ}. */
    static boolean contains(byte[] environ, byte[] entry) {
        outer:
        for (int start = 0; start + entry.length <= environ.length; ) {
            for (int i = 0; i < entry.length; i++) {
                if (environ[start + i] != entry[i]) {
                    int nul = indexOfNul(environ, start);
                    if (nul < 0) {
                        return false;
                    }
                    start = nul + 1;
                    continue outer;
                }
            }
            int end = start + entry.length;
            if (end == environ.length || environ[end] == 0) {
                return true;
            }
            int nul = indexOfNul(environ, end);
            if (nul < 0) {
                return false;
            }
            start = nul + 1;
        }
        return false;
    }

    private static int indexOfNul(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return value;
    }
}
