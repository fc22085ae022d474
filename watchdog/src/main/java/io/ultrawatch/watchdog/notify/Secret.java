package io.ultrawatch.watchdog.notify;

import java.util.Objects;

/**
 * A value read from an environment variable that must never be shown: {@link #toString()} names the variable, and
 * {@link #redact} takes the value out of any text (an exception message from a library, which may quote a URL)
 * before it is logged or stored. Immutable, thread-safe.
 */
public final class Secret {
    private final String variable;
    private final String value;

    Secret(String variable, String value) {
        this.variable = Objects.requireNonNull(variable);
        this.value = Objects.requireNonNull(value);
    }

    /** The variable's name, for messages. */
    public String variable() {
        return variable;
    }

    /** The value, only to hand it to the library that needs it. */
    String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of the value replaced by {@code $VARIABLE}; null stays null. */
    public String redact(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, "$" + variable);
    }

    @Override
    public String toString() {
        return "$" + variable;
    }
}
