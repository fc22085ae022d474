package io.ultrawatch.watchdog.process;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The fields of {@code /proc/<pid>/stat} the watchdog needs. {@code startTicks} (field 22, clock ticks after boot) is
 * what pid files record beside the pid: a recycled pid has another start time, and the shell scripts can read the same
 * number with {@code awk}, so both sides agree on what "the same process" means.
 */
public record ProcStat(long pid, char state, long ppid, long pgrp, long session, long startTicks) {

    public boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    /** A stat line is a few hundred bytes; the fields read here all sit in the first 300. */
    private static final int LINE_BUFFER = 1024;

    public static Optional<ProcStat> of(long pid) {
        return Optional.ofNullable(read(Long.toString(pid), new byte[LINE_BUFFER]));
    }

    /** {@code /proc/PID/stat} read into {@code buf}; null when the process is gone or the line is not one. */
    private static ProcStat read(String pid, byte[] buf) {
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            return parse(Long.parseLong(pid), buf, in.readNBytes(buf, 0, buf.length));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static ProcStat parse(long pid, String line) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        return parse(pid, b, b.length);
    }

    /**
     * Every live (not zombie) process on the machine, from one pass over /proc. Plain reads into one buffer and a
     * parse without regular expressions: this pass runs between a crash and the restart (it finds what the bot left
     * behind), and on a machine with a few hundred processes the string-based version took tens of milliseconds.
     */
    public static List<ProcStat> all() {
        List<ProcStat> procs = new ArrayList<>();
        String[] names = new File("/proc").list();
        if (names == null) {
            return procs; // /proc unreadable: report nothing rather than fail a stop; the main pid is handled apart
        }
        byte[] buf = new byte[LINE_BUFFER];
        for (String name : names) {
            if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                continue;
            }
            ProcStat p = read(name, buf); // null: gone meanwhile
            if (p != null && !p.zombie()) {
                procs.add(p);
            }
        }
        return procs;
    }

    /**
     * The fields of one stat line; null when it is cut short. The command name (field 2) may hold spaces and
     * parentheses, so fields resume after the last ')'.
     */
    static ProcStat parse(long pid, byte[] b, int len) {
        int i = len - 1;
        while (i >= 0 && b[i] != ')') {
            i--;
        }
        i += 2; // past ") "
        long[] want = new long[4]; // ppid, pgrp, session, start ticks: fields 4, 5, 6 and 22
        char state = 0;
        int field = 3;
        while (i < len && field <= 22) {
            int start = i;
            while (i < len && b[i] != ' ' && b[i] != '\n') {
                i++;
            }
            if (field == 3) {
                state = (char) b[start];
            } else if (field >= 4 && field <= 6 || field == 22) {
                long v = 0;
                for (int k = start; k < i; k++) {
                    v = v * 10 + (b[k] - '0');
                }
                want[field == 22 ? 3 : field - 4] = v;
            }
            field++;
            i++;
        }
        return field > 22 ? new ProcStat(pid, state, want[0], want[1], want[2], want[3]) : null;
    }

    /**
     * The tree of a bot started with setsid, from one pass over /proc: every process of its session (grandchildren
     * whose parent died keep it), plus, when {@code rootAlive}, every descendant of {@code root} by parent pid (a child
     * that left the session). A dead root's pid may already belong to an unrelated process, whose children are not
     * ours: then only the session counts.
     */
    public static Set<Long> tree(long root, boolean rootAlive) {
        return tree(root, rootAlive, p -> false);
    }

    /**
     * {@link #tree(long, boolean)}, plus every process {@code alsoOurs} accepts (a descendant that left the session
     * and lost its parent, found by its environment), asked only of processes outside the session, in the same pass.
     */
    public static Set<Long> tree(long root, boolean rootAlive, Predicate<ProcStat> alsoOurs) {
        Set<Long> tree = new LinkedHashSet<>();
        Map<Long, List<Long>> children = new HashMap<>();
        for (ProcStat p : all()) {
            children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p.pid());
            if (p.session() == root || alsoOurs.test(p)) {
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
