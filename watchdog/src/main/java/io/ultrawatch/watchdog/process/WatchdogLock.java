package io.ultrawatch.watchdog.process;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The single-instance lock: {@code flock(2)} on {@code status/watchdog.lock}, held for the JVM's whole life and freed
 * by the kernel when it dies however it dies, so a stale lock never blocks the next start. The shell scripts take the
 * same lock with {@code flock(1)}. Opened with O_CLOEXEC so no bot inherits it (a bot holding the inherited lock
 * would keep every future watchdog out).
 *
 * <p>The pid file beside it ({@code watchdog.pid}: pid and start time) is only a hint for people and scripts; the lock
 * is the truth. The race it leaves: between the lock and the pid file write a reader may see the previous pid, which
 * its start time then marks as dead.
 */
public final class WatchdogLock implements AutoCloseable {
    private final int fd;
    private final PidFile pidFile;

    private WatchdogLock(int fd, PidFile pidFile) {
        this.fd = fd;
        this.pidFile = pidFile;
    }

    /** Takes the lock, or returns empty when another live watchdog holds it. */
    public static Optional<WatchdogLock> tryAcquire(Path statusDir) throws IOException {
        Files.createDirectories(statusDir);
        Path lockFile = statusDir.resolve("watchdog.lock");
        int fd = LibC.INSTANCE.open(lockFile.toString(), LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC, 0644);
        if (fd < 0) {
            throw new IOException("cannot open " + lockFile + " (errno " + Native.getLastError() + ")");
        }
        if (LibC.INSTANCE.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0) {
            LibC.INSTANCE.close(fd);
            return Optional.empty();
        }
        PidFile pidFile = pidFile(statusDir);
        long pid = ProcessHandle.current().pid();
        pidFile.write(pid, ProcStat.of(pid).map(ProcStat::startTicks).orElse(-1L));
        return Optional.of(new WatchdogLock(fd, pidFile));
    }

    /**
     * The pid holding the lock as {@code /proc/locks} shows it, for when the pid file is gone or stale (deleted by
     * hand). Read-only: it never takes the lock, which a watchdog starting in that instant would lose.
     */
    public static Optional<Long> holder(Path statusDir) {
        try {
            Object inode = Files.getAttribute(statusDir.resolve("watchdog.lock"), "unix:ino");
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] f = line.trim().split("\\s+");
                // "1: FLOCK ADVISORY WRITE 4242 08:01:123456 0 EOF"; "1: -> FLOCK ..." lines are waiters
                if (f.length >= 6 && f[1].equals("FLOCK") && f[5].endsWith(":" + inode)) {
                    return Optional.of(Long.parseLong(f[4]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no lock file, no /proc/locks: nobody to name
        }
        return Optional.empty();
    }

    public static PidFile pidFile(Path statusDir) {
        return new PidFile(statusDir.resolve("watchdog.pid"));
    }

    @Override
    public void close() {
        pidFile.delete();
        LibC.INSTANCE.close(fd);
    }
}
