package io.ultrawatch.watchdog.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns YAML text into a {@link YamlNode} tree whose scalars all hold the text exactly as written (a YAML null stays
 * {@link YamlNode.Null}), walking the token stream of Jackson's YAML parser.
 *
 * <p>Why not {@code YAMLMapper.readTree}: it applies YAML 1.1 typing, so {@code PIN: 0123} becomes 83,
 * {@code FLAG: yes} becomes true, {@code 1.50} becomes 1.5 and {@code 0x1F} becomes 31. For bot environment values
 * that silently changes secrets. The typed readers of {@link ConfigNode} parse the text themselves instead. Walking
 * the token stream also lets a duplicated key be reported with its path (readTree keeps the last one silently, or
 * fails on the first one) and an alias be refused (Jackson returns the alias's name as if it were the value). And the
 * mapper is jackson-databind, which the always-on watchdog does not load (see {@code json.Json}).
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final Problems problems;

    private YamlTree(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * The document's root ({@link YamlNode.Null} for an empty document, which gives nothing just as a bare null does),
     * or empty when the text is not YAML (the syntax error, with line and column, is then in {@code problems}).
     * Duplicated keys and aliases are reported in {@code problems} too, but still give a tree.
     */
    static Optional<YamlNode> parse(String yaml, String file, Problems problems) {
        return Optional.ofNullable(new YamlTree(file, problems).parse(yaml));
    }

    private YamlNode parse(String yaml) {
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return YamlNode.Null.INSTANCE;
            }
            YamlNode root = value(parser, "");
            if (parser.nextToken() != null) {
                // A second document ("---") would be ignored by any reader of the first: say so instead.
                problems.add(file + ": line " + parser.currentTokenLocation().getLineNr()
                        + ": only one YAML document is allowed, but a second one starts here (remove the '---')");
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.add(syntaxError(e));
            return null;
        } catch (IOException e) {
            // Parsing a String does no I/O; kept for the compiler.
            problems.add(file + ": cannot be read as YAML (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private YamlNode value(YAMLParser p, String path) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, YamlNode> map = new LinkedHashMap<>();
            Map<String, Integer> lines = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = p.currentTokenLocation().getLineNr();
                p.nextToken();
                String keyPath = ConfigNode.childPath(path, key);
                YamlNode child = value(p, keyPath);
                Integer first = lines.putIfAbsent(key, line);
                if (first == null) {
                    map.put(key, child);
                } else {
                    problems.add(file + ": " + keyPath + " is given twice (lines " + first + " and " + line
                            + "); keep one");
                }
            }
            return new YamlNode.Mapping(map);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(value(p, path + "[" + list.size() + "]"));
            }
            return new YamlNode.Sequence(list);
        }
        if (p.isCurrentAlias()) {
            // The alias name is not printed: an unquoted token that starts with '*' reads as an alias.
            String field = file + ": " + ConfigNode.label(path);
            problems.add(field, field + " is a YAML alias (*name), which is not supported; write the value out, in"
                    + " quotes if it starts with *");
            return YamlNode.Null.INSTANCE;
        }
        if (token == JsonToken.VALUE_NULL) {
            return YamlNode.Null.INSTANCE;
        }
        return new YamlNode.Text(p.getText());
    }

    /**
     * File, line, column and SnakeYAML's short problem text. Never the message Jackson builds, which quotes the
     * offending line, and that line may hold a bot token.
     */
    private String syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException) {
            MarkedYAMLException marked = (MarkedYAMLException) e.getCause();
            Mark at = marked.getProblemMark();
            String where = at == null ? location(e.getLocation()) : position(at.getLine() + 1, at.getColumn() + 1);
            StringBuilder msg = new StringBuilder(file).append(": invalid YAML at ").append(where).append(": ")
                    .append(marked.getProblem());
            Mark contextAt = marked.getContextMark();
            if (marked.getContext() != null && contextAt != null) {
                msg.append(" (").append(marked.getContext()).append(" at ")
                        .append(position(contextAt.getLine() + 1, contextAt.getColumn() + 1)).append(')');
            }
            if (marked.getProblem() != null && marked.getProblem().startsWith("mapping values are not allowed")) {
                msg.append("; check the indentation, and quote a value that contains ': '");
            }
            return msg.toString();
        }
        return file + ": invalid YAML at " + location(e.getLocation());
    }

    private static String location(JsonLocation loc) {
        return loc == null ? "an unknown position" : position(loc.getLineNr(), loc.getColumnNr());
    }

    private static String position(int line, int column) {
        return "line " + line + ", column " + column;
    }
}
