package io.ultrawatch.watchdog.config;

import io.ultrawatch.watchdog.model.Signal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A value of the YAML tree with the path that leads to it ({@code bots[0].health.interval}), and typed readers that
 * report what is wrong instead of throwing, so that one load lists every problem of the file.
 *
 * <p>Every reader returns the default when the value is absent or YAML null, and also when it is invalid (after
 * reporting it), so the walk goes on and finds the next problem. Scalars are the text as written (see
 * {@link YamlTree}). A node marked {@link #secret()} never shows its value in a message, only its kind.
 */
final class ConfigNode {
    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern HTTP_URL = Pattern.compile("\\s*https?://", Pattern.CASE_INSENSITIVE);
    private static final int SHOWN_MAX = 80;

    private final String file;
    private final Problems problems;
    private final String path;
    /** Java null when the key is not in the file. */
    private final YamlNode value;
    private final boolean secret;

    private ConfigNode(String file, Problems problems, String path, YamlNode value, boolean secret) {
        this.file = file;
        this.problems = problems;
        this.path = path;
        this.value = value;
        this.secret = secret;
    }

    /** @param value the document, or {@code null} when there is none (no file) */
    static ConfigNode root(YamlNode value, String file, Problems problems) {
        return new ConfigNode(file, problems, "", value, false);
    }

    static String childPath(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** How a path is named in a message; the root has no path. */
    static String label(String path) {
        return path.isEmpty() ? "the top level" : path;
    }

    String path() {
        return path;
    }

    /** The key is in the file, maybe with a YAML null value. */
    boolean given() {
        return value != null;
    }

    /** Present and not YAML null. */
    boolean present() {
        return value != null && value != YamlNode.Null.INSTANCE;
    }

    boolean isMap() {
        return value instanceof YamlNode.Mapping;
    }

    boolean isList() {
        return value instanceof YamlNode.Sequence;
    }

    boolean isText() {
        return value instanceof YamlNode.Text;
    }

    /** The text of a scalar, or {@code null}. */
    String text() {
        return value instanceof YamlNode.Text t ? t.text() : null;
    }

    /** The same value, whose text is never shown in messages (bot environment values). */
    ConfigNode secret() {
        return new ConfigNode(file, problems, path, value, true);
    }

    /** The value at {@code key} of this map; absent when this is not a map or has no such key. */
    ConfigNode get(String key) {
        YamlNode child = value instanceof YamlNode.Mapping m ? m.entries().get(key) : null;
        return new ConfigNode(file, problems, childPath(path, key), child, secret);
    }

    /** The element at {@code index} of this list; absent when there is none. */
    ConfigNode at(int index) {
        YamlNode child = value instanceof YamlNode.Sequence s && index >= 0 && index < s.items().size()
                ? s.items().get(index) : null;
        return new ConfigNode(file, problems, path + "[" + index + "]", child, secret);
    }

    /** The elements of this list; empty when this is not a list. */
    List<ConfigNode> elements() {
        List<ConfigNode> out = new ArrayList<>();
        if (value instanceof YamlNode.Sequence s) {
            for (int i = 0; i < s.items().size(); i++) {
                out.add(new ConfigNode(file, problems, path + "[" + i + "]", s.items().get(i), secret));
            }
        }
        return out;
    }

    /** The entries of this map, in file order; empty when this is not a map. */
    Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        if (value instanceof YamlNode.Mapping m) {
            for (String key : m.entries().keySet()) {
                out.put(key, get(key));
            }
        }
        return out;
    }

    /** The file label that prefixes messages: the file name as given, or "(defaults)". */
    String file() {
        return file;
    }

    /** Reports a whole message as is (one that is about something else than this node, like the environment). */
    void report(String message) {
        problems.add(message);
    }

    /** Reports {@code rule} about this value: {@code "<file>: <path> <rule>"}. */
    void error(String rule) {
        String field = file + ": " + label(path);
        problems.add(field, field + " " + rule);
    }

    /** Reports {@code rule} and the value as written: {@code "... <rule>, but was 'abc'"}. */
    void invalid(String rule) {
        error(rule + ", but was " + shown());
    }

    /** The value for a message: {@code 'text'} (cut when long), {@code a map}, {@code a list}, {@code empty}. */
    String shown() {
        if (!present()) {
            return "empty";
        }
        if (isMap()) {
            return "a map";
        }
        if (isList()) {
            return "a list";
        }
        if (secret) {
            return "a value that is not shown (it may be a secret)";
        }
        String text = text();
        return "'" + (text.length() > SHOWN_MAX ? text.substring(0, SHOWN_MAX) + "..." : text) + "'";
    }

    /**
     * Checks that this is a map (or absent) whose keys are all {@code known}, reporting every other key with a
     * did-you-mean. When it is not a map, the error is reported once and its children read as absent (defaults).
     */
    void checkMap(String expected, List<String> known) {
        if (!present()) {
            return;
        }
        if (!(value instanceof YamlNode.Mapping m)) {
            invalid("must be " + expected);
            return;
        }
        for (String key : m.entries().keySet()) {
            if (!known.contains(key)) {
                get(key).error("is not a known key; " + Suggestions.didYouMean(key, known));
            }
        }
    }

    /** A scalar as text; a map or a list is an error. */
    String string(String dflt) {
        if (!present()) {
            return dflt;
        }
        if (!isText()) {
            invalid("must be a string");
            return dflt;
        }
        return text();
    }

    /** Like {@link #string} but also refuses blank text. */
    String nonEmptyString(String dflt) {
        String s = string(dflt);
        if (present() && isText() && s.isBlank()) {
            error("must not be empty");
            return dflt;
        }
        return s;
    }

    boolean bool(boolean dflt) {
        if (!present()) {
            return dflt;
        }
        String s = isText() ? text().strip().toLowerCase(Locale.ROOT) : "";
        switch (s) {
            case "true":
            case "yes":
            case "on":
                return true;
            case "false":
            case "no":
            case "off":
                return false;
            default:
                invalid("must be true or false");
                return dflt;
        }
    }

    /** A whole number in {@code [min, max]}. */
    long whole(long dflt, long min, long max) {
        if (!present()) {
            return dflt;
        }
        String s = isText() ? text().strip() : "";
        if (!WHOLE.matcher(s).matches()) {
            invalid("must be a whole number");
            return dflt;
        }
        BigInteger n = new BigInteger(s);
        boolean low = n.compareTo(BigInteger.valueOf(min)) < 0;
        boolean high = n.compareTo(BigInteger.valueOf(max)) > 0;
        if (low || high) {
            String rule;
            if (min != Long.MIN_VALUE && max != Long.MAX_VALUE) {
                rule = "must be between " + min + " and " + max;
            } else if (low && min != Long.MIN_VALUE) {
                rule = "must be at least " + min;
            } else {
                rule = low ? "is too small" : "is too large";
            }
            error(rule + ", but was " + n);
            return dflt;
        }
        return n.longValue();
    }

    /** A finite decimal number in {@code [min, max]}. */
    double number(double dflt, double min, double max) {
        if (!present()) {
            return dflt;
        }
        String s = isText() ? text().strip() : "";
        if (!DECIMAL.matcher(s).matches()) {
            invalid("must be a number");
            return dflt;
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            invalid("must be a number");
            return dflt;
        }
        if (d < min || d > max) {
            error((max == Double.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max)
                    + ", but was " + d);
            return dflt;
        }
        return d;
    }

    /** A duration ({@link Durations#parse}) of at least {@code min}. */
    Duration duration(Duration dflt, Duration min) {
        Duration d = durationOrNull(min);
        return d == null ? dflt : d;
    }

    /** A duration of at least {@code min}, or {@code null} when absent or invalid (reported). */
    Duration durationOrNull(Duration min) {
        if (!present()) {
            return null;
        }
        Duration d = parseDuration("");
        if (d != null && d.compareTo(min) < 0) {
            error("must be at least " + Durations.format(min) + ", but was " + Durations.format(d));
            return null;
        }
        return d;
    }

    /** A duration of at least {@code min}, or {@code null} when absent, YAML null or {@code off}. */
    Duration durationOrOff(Duration min) {
        if (!present() || (isText() && text().strip().equals("off"))) {
            return null;
        }
        Duration d = parseDuration(", or off");
        if (d == null) {
            return null;
        }
        if (d.compareTo(min) < 0) {
            error("must be at least " + Durations.format(min) + " (or off), but was " + Durations.format(d));
            return null;
        }
        return d;
    }

    private Duration parseDuration(String alternatives) {
        if (isText()) {
            try {
                return Durations.parse(text());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        invalid(Durations.RULE + alternatives);
        return null;
    }

    /**
     * A path resolved against {@code base} and normalized; {@code dflt} (already absolute, may be null) when absent.
     */
    Path resolvedPath(Path dflt, Path base) {
        if (!present()) {
            return dflt;
        }
        String s = nonEmptyString(null);
        if (s == null) {
            return dflt;
        }
        if (s.startsWith("~")) {
            invalid("must not start with ~ (it is not expanded here; write the full path)");
            return dflt;
        }
        try {
            return base.resolve(Path.of(s)).normalize();
        } catch (InvalidPathException e) {
            invalid("must be a valid path");
            return dflt;
        }
    }

    /** A signal name among {@code allowed}; an optional SIG prefix and any case are accepted. */
    Signal signal(Signal dflt, List<Signal> allowed) {
        if (!present()) {
            return dflt;
        }
        String s = isText() ? text().strip().toUpperCase(Locale.ROOT) : "";
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        for (Signal signal : allowed) {
            if (signal.name().equals(s)) {
                return signal;
            }
        }
        invalid("must be one of " + allowed.stream().map(Enum::name).collect(java.util.stream.Collectors.joining(", ")));
        return dflt;
    }

    /** An http or https URL with a host. */
    URI httpUrl(URI dflt) {
        if (!present()) {
            return dflt;
        }
        String s = nonEmptyString(null);
        if (s == null) {
            return dflt;
        }
        if (!HTTP_URL.matcher(s).lookingAt()) {
            invalid("must be an http or https URL like http://127.0.0.1:5001/health");
            return dflt;
        }
        URI uri;
        try {
            uri = new URI(s.strip());
        } catch (URISyntaxException e) {
            invalid("must be a URL like http://127.0.0.1:5001/health");
            return dflt;
        }
        if (uri.getHost() == null) {
            invalid("must name a host, like http://127.0.0.1:5001/health");
            return dflt;
        }
        return uri;
    }
}
