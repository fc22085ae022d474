package io.ultrawatch.watchdog.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The error messages collected while a configuration is read, in the order found. A message reported twice (an
 * environment override that breaks every bot alike) is kept once, and so is the first message about a field: a value
 * refused by the YAML reader (an alias) is not reported again as missing. Not thread-safe: one per load.
 */
final class Problems {
    private final Set<String> messages = new LinkedHashSet<>();
    private final Set<String> fields = new HashSet<>();

    void add(String message) {
        messages.add(message);
    }

    /** Adds a message about {@code field} (file and path) unless one was added already. */
    void add(String field, String message) {
        if (fields.add(field)) {
            messages.add(message);
        }
    }

    void addAll(Problems other) {
        messages.addAll(other.messages);
        fields.addAll(other.fields);
    }

    List<String> list() {
        return new ArrayList<>(messages);
    }

    void throwIfAny() throws ConfigException {
        if (!messages.isEmpty()) {
            throw new ConfigException(list());
        }
    }
}
