package io.ultrawatch.watchdog.sdnotify;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Counts one socket's dropped datagrams and says when to log them: the first drop at once, then at most one line a
 * minute with what came since, so a bot sending garbage in a loop can neither flood the log nor go unnoticed. A pure
 * function of the drops and the monotonic time it is given; used on the receive loop's thread only.
 */
final class DropReport {
    /** Why a datagram was not handed to the bot's supervisor. */
    enum Drop {
        MALFORMED("malformed"), OVERSIZED("over " + NotifyMessage.MAX_BYTES + " bytes"),
        FOREIGN("from another user's process");

        private final String words;

        Drop(String words) {
            this.words = words;
        }
    }

    static final Duration EVERY = Duration.ofMinutes(1);

    private final String bot;
    private final long[] since = new long[Drop.values().length];
    private long total;
    private long lastNanos;
    private boolean reported;

    DropReport(String bot) {
        this.bot = bot;
    }

    /** Counts a drop at {@code nanos}; the line to log now, if one is due. */
    Optional<String> dropped(Drop why, long nanos) {
        since[why.ordinal()]++;
        total++;
        if (reported && nanos - lastNanos < EVERY.toNanos()) {
            return Optional.empty();
        }
        StringBuilder counts = new StringBuilder();
        for (Drop d : Drop.values()) {
            if (since[d.ordinal()] > 0) {
                counts.append(counts.length() == 0 ? "" : ", ").append(since[d.ordinal()]).append(' ').append(d.words);
            }
        }
        String line = "Notify socket of " + bot + ": ignored datagrams (" + counts + ")"
                + (reported ? " in the last minute" : "; further ones are counted and reported once a minute");
        Arrays.fill(since, 0);
        reported = true;
        lastNanos = nanos;
        return Optional.of(line);
    }

    /** Every drop since the socket was opened. */
    long total() {
        return total;
    }
}
