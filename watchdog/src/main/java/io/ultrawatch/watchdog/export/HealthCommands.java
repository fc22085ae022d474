package io.ultrawatch.watchdog.export;

import io.ultrawatch.watchdog.config.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A health check as a POSIX shell command that exits 0 when healthy, for the targets that have no built-in probe of
 * that kind (systemd has none at all; Kubernetes has no heartbeat-file probe). Stateless.
 */
final class HealthCommands {
    private HealthCommands() {
    }

    /** The shell command for a check, or null for {@code none}; {@code timeout} bounds it. */
    static String shell(HealthCheck check, Duration timeout) {
        long t = seconds(timeout);
        if (check instanceof HealthCheck.Http h) {
            return "curl -fsS -o /dev/null -m " + t + " " + quote(h.url().toString());
        }
        if (check instanceof HealthCheck.Tcp c) {
            // bash's /dev/tcp: a connect within the timeout, nothing sent (the watchdog's tcp check does the same).
            return "timeout " + t + " bash -c " + quote("exec 3<>/dev/tcp/" + c.host() + "/" + c.port());
        }
        if (check instanceof HealthCheck.Exec e) {
            return "timeout " + t + " " + e.command().stream().map(HealthCommands::quote)
                    .collect(Collectors.joining(" "));
        }
        if (check instanceof HealthCheck.File f) {
            return fileAge(f);
        }
        return null;
    }

    /**
     * The heartbeat file's age in whole seconds against {@code max_age}, with {@code stat -c %Y} and {@code date +%s}
     * (GNU coreutils and busybox both have them). Not {@code find -mmin}: minutes are too coarse for a max age of
     * seconds. A missing file fails.
     */
    static String fileAge(HealthCheck.File f) {
        // stat first and on its own: a missing file inside $(( )) would be a syntax error that ends the shell.
        return "t=$(stat -c %Y " + quote(f.path().toString()) + ") && test $(( $(date +%s) - t )) -lt "
                + Math.max(1, seconds(f.maxAge()));
    }

    /** The same check as the words of an exec probe. */
    static List<String> fileAgeWords(HealthCheck.File f) {
        return List.of("/bin/sh", "-c", fileAge(f));
    }

    /** Whole seconds, at least 1 (systemd and Kubernetes count in seconds; 0 would mean "none" or be refused). */
    static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** A word for {@code sh}: single-quoted, a {@code '} as {@code '\''}. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
