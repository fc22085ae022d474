package io.ultrawatch.watchdog.process;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls Java does not offer: any signal (Java only sends TERM and KILL), and {@code flock(2)}, the lock
 * that {@code flock(1)} in our shell scripts also takes. Java's own {@code FileChannel.lock} is an fcntl lock, which
 * flock(1) does not see on Linux, so the watchdog and cron would not exclude each other with it. JNA comes with OSHI.
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDWR = 0x2;
    int O_CREAT = 0x40;
    int O_CLOEXEC = 0x80000;
    int LOCK_EX = 2;
    int LOCK_NB = 4;

    int kill(int pid, int sig);

    int open(String path, int flags, int mode);

    int flock(int fd, int operation);

    int close(int fd);
}
