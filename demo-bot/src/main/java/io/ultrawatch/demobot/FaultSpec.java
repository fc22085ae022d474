package io.ultrawatch.demobot;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault to inject: {@code NAME[:ARG][@DELAY]}, e.g. {@code crash:3@5s}. Validated when built, so a spec that
 * exists is one the bot can apply. The delay counts from the moment {@code /health} first could answer (for
 * faults given at start) or from the moment the control file was read (for faults given at run time).
 *
 * @param fault what to do
 * @param arg the argument after {@code :}, or {@code null} when none was given
 * @param delay how long to wait before applying it; zero for at once
 */
record FaultSpec(Fault fault, String arg, Duration delay) {

    static final int DEFAULT_CRASH_CODE = 1;
    static final int DEFAULT_LEAK_MB_PER_SECOND = 20;
    static final int MAX_LEAK_MB_PER_SECOND = 10_000;

    FaultSpec {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay of " + fault.specName() + " must not be negative, but was "
                    + delay);
        }
        checkArgument(fault, arg);
        if (fault == Fault.SLOW_BOOT && !delay.isZero()) {
            throw new IllegalArgumentException("slow-boot cannot be delayed with @: it only applies at start");
        }
    }

    /** A spec without argument or delay. */
    static FaultSpec of(Fault fault) {
        return new FaultSpec(fault, null, Duration.ZERO);
    }

    /**
     * Parses {@code NAME[:ARG][@DELAY]}.
     *
     * @throws IllegalArgumentException saying what is wrong; an unknown name lists the known ones
     */
    static FaultSpec parse(String text) {
        String spec = text == null ? "" : text.strip();
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("fault spec is empty; expected NAME[:ARG][@DELAY], e.g. crash:3@5s");
        }
        Duration delay = Duration.ZERO;
        int at = spec.indexOf('@');
        if (at >= 0) {
            String delayText = spec.substring(at + 1);
            if (delayText.indexOf('@') >= 0) {
                throw new IllegalArgumentException("fault spec '" + spec + "' has more than one '@'");
            }
            delay = Durations.parse("delay in fault spec '" + spec + "'", delayText);
            spec = spec.substring(0, at);
        }
        String name = spec;
        String arg = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            name = spec.substring(0, colon);
            arg = spec.substring(colon + 1);
            if (arg.isEmpty()) {
                throw new IllegalArgumentException("fault spec '" + text.strip() + "' has an empty argument after ':'");
            }
        }
        String faultName = name;
        Fault fault = Fault.byName(faultName).orElseThrow(() -> new IllegalArgumentException(
                "unknown fault '" + faultName + "' in '" + text.strip() + "'; known faults: " + Fault.knownNames()));
        return new FaultSpec(fault, arg, delay);
    }

    /** The exit code of a {@code crash}. */
    int exitCode() {
        return arg == null ? DEFAULT_CRASH_CODE : Integer.parseInt(arg);
    }

    /** The growth rate of a {@code leak}. */
    int leakMbPerSecond() {
        return arg == null ? DEFAULT_LEAK_MB_PER_SECOND : Integer.parseInt(arg);
    }

    /** The wait of a {@code slow-boot}. */
    Duration bootDelay() {
        return Durations.parse("slow-boot", arg);
    }

    /** The canonical spec, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return fault.specName() + (arg == null ? "" : ":" + arg)
                + (delay.isZero() ? "" : "@" + Durations.format(delay));
    }

    private static void checkArgument(Fault fault, String arg) {
        switch (fault) {
            case CRASH -> {
                if (arg != null && !isIntegerWithin(arg, 0, 255)) {
                    throw new IllegalArgumentException(
                            "crash exit code must be an integer between 0 and 255, but was '" + arg + "'");
                }
            }
            case LEAK -> {
                if (arg != null && !isIntegerWithin(arg, 1, MAX_LEAK_MB_PER_SECOND)) {
                    throw new IllegalArgumentException("leak rate must be a whole number of MB per second between 1"
                            + " and " + MAX_LEAK_MB_PER_SECOND + ", but was '" + arg + "'");
                }
            }
            case SLOW_BOOT -> {
                if (arg == null) {
                    throw new IllegalArgumentException(
                            "slow-boot needs a duration, e.g. slow-boot:5 (seconds) or slow-boot:500ms");
                }
                Durations.parse("slow-boot", arg);
            }
            default -> {
                if (arg != null) {
                    throw new IllegalArgumentException(
                            fault.specName() + " takes no argument, but was given '" + arg + "'");
                }
            }
        }
    }

    private static boolean isIntegerWithin(String text, int min, int max) {
        if (!text.matches("\\d{1,9}")) {
            return false;
        }
        int value = Integer.parseInt(text);
        return value >= min && value <= max;
    }
}
