package io.ultrawatch.watchdog.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A value of the config file as {@link YamlTree} reads it: every scalar is its text as written, YAML null is
 * {@link Null}. A missing key is Java {@code null}, never a node.
 */
sealed interface YamlNode {
    /** A scalar, exactly as written (no YAML 1.1 typing: {@code 0123} stays "0123"). */
    record Text(String text) implements YamlNode {
    }

    /** A map in file order. */
    record Mapping(Map<String, YamlNode> entries) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(entries);
        }
    }

    record Sequence(List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** {@code ~}, {@code null} or nothing after the colon; also an empty document. */
    enum Null implements YamlNode {
        INSTANCE
    }
}
