package io.ultrawatch.watchdog.config;

import java.util.List;

/** A configuration that cannot be used; {@link #errors()} lists every problem found, each naming file and field. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
