package io.ultrawatch.watchdog.process;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The signals a bot may be stopped or reloaded with, with their Linux numbers. */
public enum Signal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** "SIGTERM", as people write it in logs. */
    public String displayName() {
        return "SIG" + name();
    }

    /** Parses "TERM", "SIGTERM" or "term". */
    public static Signal parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        for (Signal sig : values()) {
            if (sig.name().equals(s)) {
                return sig;
            }
        }
        throw new IllegalArgumentException("unknown signal '" + text + "', expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
