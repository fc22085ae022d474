package io.ultrawatch.demobot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, or a bare number of seconds. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Parses {@code text}; {@code field} names what is being parsed in the error message.
     *
     * @throws IllegalArgumentException naming the field, the accepted forms and the value
     */
    static Duration parse(String field, String text) {
        String normalized = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(normalized);
        if (!m.matches()) {
            throw new IllegalArgumentException(field + " must be a duration like 500ms, 2s, 5m or a bare number"
                    + " of seconds, but was '" + text + "'");
        }
        long unitNanos = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException("unit accepted by the pattern but not handled: " + m.group(2));
        };
        try {
            BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos));
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " is too long: '" + text + "'", e);
        }
    }

    /** The shortest exact form {@link #parse} reads back: {@code 2s}, {@code 1500ms}, {@code 5m}. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
