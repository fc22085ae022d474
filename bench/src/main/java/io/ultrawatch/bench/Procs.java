package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** /proc reading and signalling by pid. Never by name: the machine is shared, only what the harness started is touched. */
final class Procs {
    /** Clock ticks per second of /proc/PID/stat times; 100 on every Linux/x86 kernel in use. */
    static final double HZ = 100.0;

    private Procs() {
    }

    /** The fields of /proc/PID/stat the harness uses. */
    record Stat(long pid, char state, long ppid, long pgrp, long session, long utime, long stime, long startTicks,
                long rssPages) {
        long cpuTicks() {
            return utime + stime;
        }
    }

    static Optional<Stat> stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state) of proc(5).
            return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[19]),
                    Long.parseLong(f[21])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Alive and not a zombie. */
    static boolean alive(long pid) {
        return stat(pid).map(s -> s.state() != 'Z' && s.state() != 'X').orElse(false);
    }

    /** The same process as when {@code startTicks} was read: a recycled pid is not mistaken for it. */
    static boolean alive(long pid, long startTicks) {
        return stat(pid).map(s -> s.startTicks() == startTicks && s.state() != 'Z' && s.state() != 'X')
                .orElse(false);
    }

    /** VmRSS in kB from /proc/PID/status, -1 when gone. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static List<Stat> all() {
        List<Stat> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : dir) {
                stat(Long.parseLong(p.getFileName().toString())).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return out;
    }

    /** pid, its descendants, and every process whose session or process group is one of them (orphans keep those). */
    static Set<Long> tree(Set<Long> roots) {
        List<Stat> all = all();
        Set<Long> out = new LinkedHashSet<>();
        for (long r : roots) {
            if (alive(r)) {
                out.add(r);
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Stat s : all) {
                if (!out.contains(s.pid()) && s.state() != 'Z'
                        && (out.contains(s.ppid()) || roots.contains(s.session()) || roots.contains(s.pgrp()))) {
                    out.add(s.pid());
                    grew = true;
                }
            }
        }
        return out;
    }

    static void signal(long pid, boolean kill) {
        ProcessHandle.of(pid).ifPresent(h -> {
            if (kill) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        });
    }

    /** SIGKILL to the trees of the given pids (by pid, session and process group); waits until they are gone. */
    static void killTrees(Set<Long> roots) {
        for (int round = 0; round < 50; round++) {
            Set<Long> left = tree(roots);
            if (left.isEmpty()) {
                return;
            }
            left.forEach(p -> signal(p, true));
            Clock.sleepMs(20);
        }
    }

    /** CPU ticks per thread name of a process (names with trailing numbers folded: "GC Thread#0" → "GC Thread#"). */
    static java.util.Map<String, Long> threadTicks(long pid) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : dir) {
                try {
                    String s = Files.readString(t.resolve("stat"));
                    String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')')).replaceAll("[0-9]+$", "");
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The system's start-time of a pid in epoch ms (10 ms resolution), from /proc/uptime and the tick count. */
    static long startEpochMs(long startTicks) {
        try {
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return Math.round(System.currentTimeMillis() - (uptime - startTicks / HZ) * 1000);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
