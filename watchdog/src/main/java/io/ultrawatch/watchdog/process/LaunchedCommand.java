package io.ultrawatch.watchdog.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Whether a bot an earlier watchdog started still runs the configured command, so adoption can restart one whose
 * command changed while no watchdog ran ({@code config_changed}). Two ways: the pid file records a fingerprint of the
 * configured command at start (exact, and immune to a wrapper that {@code exec}s another program or a bot that
 * rewrites its process title); a pid file without one (an older watchdog's) is judged by {@code /proc/<pid>/cmdline},
 * where {@code setsid} has exec'ed away and a configured {@code java} shows as the JVM's full path.
 */
final class LaunchedCommand {
    private LaunchedCommand() {
    }

    /** A short fingerprint of the configured command (not the resolved one: a JDK update is no config change). */
    static String fingerprint(List<String> command) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\0", command).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /**
     * True when the running process was started with another command than {@code configured}.
     *
     * @param recorded the fingerprint of the pid file, or null when it has none
     */
    static boolean changed(List<String> configured, String recorded, long pid) {
        if (recorded != null) {
            return !recorded.equals(fingerprint(configured));
        }
        return cmdline(pid).map(running -> !matches(running, configured)).orElse(false);
    }

    /** The process's arguments, or empty when unreadable (gone, or a kernel thread). */
    static Optional<List<String>> cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (b.length == 0) {
                return Optional.empty();
            }
            int len = b[b.length - 1] == 0 ? b.length - 1 : b.length;
            return Optional.of(Arrays.asList(new String(b, 0, len, StandardCharsets.UTF_8).split("\0", -1)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when {@code running} (from /proc) is what {@code configured} launches: the same arguments, a configured
     * {@code java} matching any program named {@code java} (the watchdog's JVM, whose path may differ between
     * watchdogs after a JDK update). A script run through its {@code #!} line shows as the interpreter (and its one
     * optional argument) followed by the script's path as exec'ed, which ends with the configured name.
     */
    static boolean matches(List<String> running, List<String> configured) {
        int extra = running.size() - configured.size();
        if (configured.isEmpty() || extra < 0 || extra > 2) {
            return false;
        }
        if (!running.subList(extra + 1, running.size()).equals(configured.subList(1, configured.size()))) {
            return false;
        }
        String program = configured.get(0);
        String actual = running.get(extra);
        if (program.equals(actual) || actual.endsWith("/" + program)) {
            return true;
        }
        return extra == 0 && program.equals("java") && (actual.equals("java") || actual.endsWith("/java"));
    }
}
