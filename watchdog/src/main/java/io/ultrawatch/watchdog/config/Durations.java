package io.ultrawatch.watchdog.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in YAML, environment variables and logs: {@code 500ms}, {@code 2s}, {@code 1.5s},
 * {@code 5m}, {@code 1h}; a bare number is seconds. {@link #format} writes what {@link #parse} reads back. Stateless
 * and thread-safe.
 */
public final class Durations {
    /** The rule quoted by error messages, so every message about a duration reads the same. */
    public static final String RULE = "must be a duration like 500ms, 2s or 5m";

    // A sign is accepted so that "-1s" is reported as out of range ("must be at least 0s") rather than as gibberish.
    private static final Pattern DURATION =
            Pattern.compile("\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))\\s*(ms|s|m|h)?\\s*");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 1h} or a bare number of seconds
     * ({@code 10}, {@code 0.5}). Units are lowercase; blanks around the number and unit are ignored.
     *
     * @throws IllegalArgumentException when the text is not such a duration or does not fit a {@code long} of
     *     nanoseconds (about 292 years); the message is {@link #RULE} plus the text
     */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw invalid(text);
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal seconds = new BigDecimal(m.group(1));
        switch (unit) {
            case "ms":
                seconds = seconds.movePointLeft(3);
                break;
            case "m":
                seconds = seconds.multiply(BigDecimal.valueOf(60));
                break;
            case "h":
                seconds = seconds.multiply(BigDecimal.valueOf(3600));
                break;
            default:
                break;
        }
        return ofSeconds(seconds).orElseThrow(() -> invalid(text));
    }

    /**
     * A number of seconds as a duration, rounded to the nanosecond, or empty when it does not fit a {@code long} of
     * nanoseconds.
     */
    static Optional<Duration> ofSeconds(BigDecimal seconds) {
        BigInteger nanos = seconds.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_UP)
                .toBigIntegerExact();
        if (nanos.compareTo(LONG_MIN) < 0 || nanos.compareTo(LONG_MAX) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /**
     * The shortest form {@link #parse} reads back exactly: whole hours as {@code 1h}, whole minutes as {@code 5m},
     * under a second as {@code 500ms} (or {@code 0.25ms}), otherwise seconds as {@code 2s}, {@code 1.5s} or
     * {@code 90s}. Zero is {@code 0s}.
     */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        long seconds = d.getSeconds();
        if (d.getNano() == 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (d.getNano() == 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        BigDecimal exact = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(d.getNano(), 9));
        if (seconds == 0) {
            return plain(exact.movePointRight(3)) + "ms";
        }
        return plain(exact) + "s";
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(RULE + ", but was '" + text + "'");
    }
}
