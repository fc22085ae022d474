package io.ultrawatch.watchdog.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a bot's {@code env_file}: {@code KEY=VALUE} lines as written for Docker, systemd or {@code source}.
 *
 * <ul>
 *   <li>blank lines and lines starting with {@code #} are skipped;</li>
 *   <li>an {@code export } prefix is allowed and ignored;</li>
 *   <li>KEY is letters, digits and {@code _}, not starting with a digit; blanks around KEY and VALUE are trimmed;</li>
 *   <li>a VALUE wholly in {@code "..."} or {@code '...'} loses the quotes and keeps everything inside, blanks and
 *       {@code #} included; a {@code # comment} may follow the closing quote;</li>
 *   <li>nothing is unescaped or expanded: {@code \n} stays a backslash and an n, {@code $HOME} stays as written;</li>
 *   <li>an unquoted VALUE is taken as is, {@code #} included (tokens may contain it);</li>
 *   <li>a KEY given twice: the later line wins, as in a shell.</li>
 * </ul>
 *
 * <p>The values are secrets: an error names the file and the line number, never the line's text. Stateless and
 * thread-safe.
 */
public final class EnvFile {
    /** A portable environment variable name; the YAML {@code env} map uses the same rule. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvFile() {
    }

    /**
     * The variables of the file, in file order.
     *
     * @throws IOException when the file cannot be read, is not UTF-8, or has a line that is not {@code KEY=VALUE};
     *     the message names the file and line, not the line's content
     */
    public static Map<String, String> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IOException(file + ": is not UTF-8 text", e);
        }
        return parse(lines, file.toString());
    }

    /** Parses the lines of a file; {@code name} prefixes the error messages. */
    static Map<String, String> parse(List<String> lines, String name) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String where = name + ":" + (i + 1) + ": ";
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (text.startsWith("export ") || text.startsWith("export\t")) {
                text = text.substring("export".length()).strip();
            }
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw new IOException(where + "expected KEY=VALUE (the line is not shown, it may hold a secret)");
            }
            String key = text.substring(0, eq).strip();
            if (!NAME.matcher(key).matches()) {
                throw new IOException(where + "the name before '=' must be letters, digits and '_', not starting with"
                        + " a digit (the line is not shown, it may hold a secret)");
            }
            vars.put(key, value(text.substring(eq + 1).strip(), where));
        }
        return Collections.unmodifiableMap(vars);
    }

    private static String value(String raw, String where) throws IOException {
        if (raw.isEmpty() || (raw.charAt(0) != '"' && raw.charAt(0) != '\'')) {
            return raw;
        }
        char quote = raw.charAt(0);
        int close = raw.indexOf(quote, 1);
        if (close < 0) {
            throw new IOException(where + "the value's opening " + quote + " is never closed (a value cannot span"
                    + " lines)");
        }
        String rest = raw.substring(close + 1).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw new IOException(where + "unexpected text after the value's closing " + quote + " (to put a " + quote
                    + " inside a value, quote it with the other kind of quote)");
        }
        return raw.substring(1, close);
    }
}
