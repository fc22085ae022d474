package io.ultrawatch.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A process as /proc shows it: state, start time in clock ticks (what the pid files record) and command line. The
 * tests find, count and signal processes by pid through this, never by name: a name-wide kill would hit the
 * developer's own suite.
 *
 * @param state the one-letter state of /proc/PID/stat (R, S, T for stopped, Z for zombie)
 */
record Proc(long pid, char state, long startTicks, String cmdline) {

    /** Alive and not a zombie: this machine's init may never reap an orphaned watchdog after it is killed. */
    boolean alive() {
        return state != 'Z' && state != 'X';
    }

    /** True while the same process (pid and start time) is alive. */
    static boolean alive(long pid, long startTicks) {
        return of(pid).filter(p -> p.alive() && p.startTicks() == startTicks).isPresent();
    }

    static boolean alive(long pid) {
        return of(pid).filter(Proc::alive).isPresent();
    }

    static Optional<Proc> of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            return Optional.of(new Proc(pid, f[0].charAt(0), Long.parseLong(f[19]), cmd));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every live process whose command line contains {@code needle}. */
    static List<Proc> withCommandLineContaining(String needle) {
        List<Proc> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong)
                    .forEach(pid -> of(pid).filter(p -> p.alive() && p.cmdline().contains(needle))
                            .ifPresent(found::add));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Every live process whose working directory is {@code dir} or below it (a deleted folder included). */
    static List<Proc> workingIn(Path dir) {
        String prefix = dir.toString();
        List<Proc> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String cwd = Files.readSymbolicLink(p.resolve("cwd")).toString().replace(" (deleted)", "");
                    if (cwd.equals(prefix) || cwd.startsWith(prefix + "/")) {
                        of(Long.parseLong(p.getFileName().toString())).filter(Proc::alive).ifPresent(found::add);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not ours to read
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Sends a signal by pid with kill(1): Java itself can only send TERM and KILL, the tests need STOP and CONT. */
    static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
