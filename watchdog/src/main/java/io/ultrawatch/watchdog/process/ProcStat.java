package io.ultrawatch.watchdog.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
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

    /** Every live (not zombie) process on the machine, from one pass over /proc. */
    public static List<ProcStat> all() {
        List<ProcStat> procs = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.isEmpty() && Character.isDigit(n.charAt(0)))
                    .mapToLong(Long::parseLong)
                    .forEach(pid -> of(pid).filter(s -> !s.zombie()).ifPresent(procs::add));
        } catch (IOException e) {
            // /proc unreadable: report nothing rather than fail a stop; the main pid is handled separately.
        }
        return procs;
    }

    /**
     * The tree of a bot started with setsid, from one pass over /proc: every process of its session (grandchildren
     * whose parent died keep it), plus, when {@code rootAlive}, every descendant of {@code root} by parent pid (a child
     * that left the session). A dead root's pid may already belong to an unrelated process, whose children are not
     * ours: then only the session counts.
     */
    public static Set<Long> tree(long root, boolean rootAlive) {
        Set<Long> tree = new LinkedHashSet<>();
        Map<Long, List<Long>> children = new HashMap<>();
        for (ProcStat p : all()) {
            children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p.pid());
            if (p.session() == root) {
                tree.add(p.pid());
            }
        }
        if (rootAlive) {
            Deque<Long> todo = new ArrayDeque<>(children.getOrDefault(root, List.of()));
            while (!todo.isEmpty()) {
                long pid = todo.pop();
                tree.add(pid);
                children.getOrDefault(pid, List.of()).stream().filter(c -> !tree.contains(c)).forEach(todo::push);
            }
        }
        return tree;
    }
}
