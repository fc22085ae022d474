package io.ultrawatch.watchdog.export;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writing values into systemd unit files so systemd reads back exactly what was meant (systemd.syntax(7) and the
 * "Command lines" section of systemd.service(5)): in {@code Exec*=} every word is double-quoted, with {@code \} and
 * {@code "} escaped, control characters as C escapes, {@code %} doubled (specifiers are expanded even inside quotes)
 * and {@code $} doubled (environment variables are expanded in command lines). Stateless.
 */
final class SystemdQuoting {
    private SystemdQuoting() {
    }

    /** A command line: each word quoted, so spaces, quotes, a lone {@code ;} and {@code $} are literal. */
    static String commandLine(List<String> words) {
        return words.stream().map(SystemdQuoting::word).collect(Collectors.joining(" "));
    }

    /** One word of a command line. */
    static String word(String w) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '%' -> b.append("%%");
                case '$' -> b.append("$$");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * A path setting ({@code WorkingDirectory=}, {@code EnvironmentFile=}): taken whole to the line's end, no
     * quotes; only specifiers are expanded, so {@code %} is doubled. A newline cannot be written at all.
     */
    static String path(String p) {
        if (p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a path with a line break cannot be written into a unit file: " + p);
        }
        return p.replace("%", "%%");
    }

    /**
     * One {@code Environment=} assignment: the whole {@code KEY=value} double-quoted (the value may hold spaces),
     * with the C escapes and {@code %%}; {@code $} stays as is (Environment= does not expand variables).
     */
    static String assignment(String key, String value) {
        return word(key + "=" + value).replace("$$", "$");
    }

    /** Free text in a comment or a Description=: one line, specifiers escaped. */
    static String text(String t) {
        return t.replace("\n", " ").replace("\r", " ").replace("%", "%%");
    }
}
