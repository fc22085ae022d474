package io.ultrawatch.watchdog.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fields of {@code /proc/<pid>/stat} the watchdog needs. {@code startTicks} (field 22, clock ticks after boot) is
 * what pid files record beside the pid: a recycled pid has another start time, and the shell scripts can read the same
 * number with {@code awk}, so both sides agree on what "the same process" means.
 */
public record ProcStat(long pid, char state, long ppid, long pgrp, long session, long startTicks) {

    public boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    public static Optional<ProcStat> of(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static ProcStat parse(long pid, String line) {
        // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[19]));
    }

    /** Every live process of the given session (a bot started with setsid has session id = its pid). */
    public static List<ProcStat> inSession(long session) {
        List<ProcStat> members = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.isEmpty() && Character.isDigit(n.charAt(0)))
                    .mapToLong(Long::parseLong)
                    .forEach(pid -> of(pid).filter(s -> s.session() == session && !s.zombie())
                            .ifPresent(members::add));
        } catch (IOException e) {
            // /proc unreadable: report no members rather than failing a stop; the main pid is handled separately.
        }
        return members;
    }
}
