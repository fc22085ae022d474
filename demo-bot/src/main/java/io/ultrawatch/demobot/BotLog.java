package io.ultrawatch.demobot;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The bot's log: one line per event on stdout, {@code <ISO time> demo-bot[<name>] <message>}. Thread-safe.
 *
 * <p>Fault lines are the exception: {@code FAULT <name> applied at_ms=<epoch millis>}, alone on their line with
 * no prefix, so the benchmark can read them with a plain {@code startsWith} as well as with a search.
 */
final class BotLog {

    /** Always three digits of milliseconds, so lines line up and sort as text. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final Clock clock;
    private final String prefix;

    BotLog(PrintStream out, Clock clock, String name) {
        this.out = out;
        this.clock = clock;
        this.prefix = " demo-bot[" + name + "] ";
    }

    void info(String message) {
        out.println(timestamp() + prefix + message);
    }

    /** Prints {@code FAULT <name> applied at_ms=<now>} and flushes, since a halt may follow. */
    void faultApplied(Fault fault) {
        out.println("FAULT " + fault.specName() + " applied at_ms=" + clock.millis());
        out.flush();
    }

    /** Now, as an ISO-8601 UTC instant with milliseconds. */
    String timestamp() {
        return ISO_MILLIS.format(Instant.now(clock));
    }
}
