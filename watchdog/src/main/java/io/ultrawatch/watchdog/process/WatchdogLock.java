package io.ultrawatch.watchdog.process;

import com.sun.jna.Native;
import io.ultrawatch.watchdog.files.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(WatchdogLock.class);
    private final int fd;
    private final PidFile pidFile;

    private WatchdogLock(int fd, PidFile pidFile) {
        this.fd = fd;
        this.pidFile = pidFile;
    }

    /** Takes the lock, or returns empty when another live watchdog holds it. */
    public static Optional<WatchdogLock> tryAcquire(Path statusDir) throws IOException {
        // 0700 folder, 0600 lock: flock(2) works on a read-only descriptor, so another user who could open the lock
        // file could hold it and keep every watchdog out (issue 14). Wider modes left by an older version are
        // tightened by the assembly right after, with a warning line each, once logging is set up.
        if (!Files.isDirectory(statusDir)) {
            FileModes.privateDir(statusDir);
        }
        Path lockFile = statusDir.resolve("watchdog.lock");
        int fd = LibC.INSTANCE.open(lockFile.toString(), LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC, 0600);
        if (fd < 0) {
            throw new IOException("cannot open " + lockFile + " (errno " + Native.getLastError() + ")");
        }
        if (LibC.INSTANCE.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0) {
            LibC.INSTANCE.close(fd);
            return Optional.empty();
        }
        PidFile pidFile = pidFile(statusDir);
        long pid = ProcessHandle.current().pid();
        try {
            pidFile.write(pid, ProcStat.of(pid).map(ProcStat::startTicks).orElse(-1L));
        } catch (IOException e) {
            // Best effort: the lock is the truth (the scripts find its holder in /proc/locks). A full disk must not
            // keep a watchdog from supervising (issue 14, item 4).
            log.warn("Cannot write the pid file {} ({}); supervising anyway: the lock {} names this watchdog",
                    pidFile.path(), e.toString(), lockFile);
        }
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
