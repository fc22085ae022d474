package io.ultrawatch.demobot;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The faults in force and how each is applied. Thread-safe: faults arrive from the boot thread, the control-file
 * poller and the delay timer, while the HTTP threads and the main loop consult the state.
 *
 * <p>Every application prints {@code FAULT <name> applied at_ms=<epoch millis>}: after the effect is in place for
 * faults the bot survives, before the end for {@code crash} and {@code request-restart}.
 */
final class Faults {

    private final BotLog log;
    private final Path restartFlagFile;
    private final ScheduledExecutorService timer;
    private final ProcessExit exit;

    /** Guards the two hang flags, and is what hung threads wait on until {@code heal}. */
    private final Object hangLock = new Object();
    private boolean httpHung; // guarded by hangLock
    private boolean mainHung; // guarded by hangLock
    private volatile boolean unhealthy;
    private volatile boolean ignoringTerm;
    /** Strong references, so neither a leak nor a child handle is ever collected. */
    private final List<Object> keepAlive = new CopyOnWriteArrayList<>();

    Faults(BotLog log, Path restartFlagFile, ScheduledExecutorService timer, ProcessExit exit) {
        this.log = log;
        this.restartFlagFile = restartFlagFile;
        this.timer = timer;
        this.exit = exit;
    }

    /** Applies {@code spec} now, or schedules it on the timer when it has a delay. */
    void submit(FaultSpec spec) {
        if (spec.delay().isZero()) {
            apply(spec);
            return;
        }
        log.info("fault " + spec + " scheduled in " + Durations.format(spec.delay()));
        timer.schedule(() -> apply(spec), spec.delay().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Applies {@code spec} now, ignoring its delay. Never throws: a failure is logged. */
    void apply(FaultSpec spec) {
        try {
            switch (spec.fault()) {
                case CRASH -> crash(spec.exitCode());
                case HANG_HTTP -> {
                    synchronized (hangLock) {
                        httpHung = true;
                    }
                    log.faultApplied(Fault.HANG_HTTP);
                }
                case HANG_MAIN -> {
                    synchronized (hangLock) {
                        mainHung = true;
                    }
                    log.info("main loop will hang in its next reconnect");
                    log.faultApplied(Fault.HANG_MAIN);
                }
                case LEAK -> leak(spec.leakMbPerSecond());
                case SLOW_BOOT -> log.info("fault " + spec + " ignored: slow-boot only applies at start");
                case IGNORE_TERM -> {
                    ignoringTerm = true;
                    log.faultApplied(Fault.IGNORE_TERM);
                }
                case SPAWN_CHILD -> spawnChild();
                case REQUEST_RESTART -> requestRestart();
                case UNHEALTHY -> {
                    unhealthy = true;
                    log.faultApplied(Fault.UNHEALTHY);
                }
                case HEAL -> {
                    unhealthy = false;
                    synchronized (hangLock) {
                        httpHung = false;
                        mainHung = false;
                        hangLock.notifyAll(); // release every held request and the main loop
                    }
                    log.faultApplied(Fault.HEAL);
                }
            }
        } catch (RuntimeException e) {
            log.info("fault " + spec + " failed: " + e);
        }
    }

    boolean isUnhealthy() {
        return unhealthy;
    }

    boolean isIgnoringTerm() {
        return ignoringTerm;
    }

    boolean mainHung() {
        synchronized (hangLock) {
            return mainHung;
        }
    }

    boolean httpHung() {
        synchronized (hangLock) {
            return httpHung;
        }
    }

    /** The health endpoint's interceptor: holds the HTTP thread, unanswered, while {@code hang-http} is on. */
    void holdWhileHttpHung() {
        synchronized (hangLock) {
            while (httpHung) {
                if (!waitOnHangLock()) {
                    return;
                }
            }
        }
    }

    /** The main loop's "reconnect that never returns": holds the loop while {@code hang-main} is on. */
    void holdWhileMainHung() {
        synchronized (hangLock) {
            while (mainHung) {
                if (!waitOnHangLock()) {
                    return;
                }
            }
        }
    }

    /** SIGTERM, delivered by {@link SignalTrap}: shut down cleanly unless {@code ignore-term} is on. */
    void onTerm() {
        if (ignoringTerm) {
            log.info("got SIGTERM, ignoring it");
            return;
        }
        log.info("got SIGTERM, shutting down");
        exit.exit(0);
    }

    /**
     * Parks the calling thread for good. Used as the {@code ignore-term} fallback when SIGTERM cannot be trapped:
     * a shutdown hook that never returns keeps the JVM, and /health, alive until SIGKILL.
     */
    static void blockForever() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // keep blocking: that is the fault
            }
        }
    }

    private void crash(int code) {
        log.info("crashing with exit code " + code + " (Runtime.halt: shutdown hooks do not run)");
        log.faultApplied(Fault.CRASH);
        exit.halt(code);
    }

    private boolean waitOnHangLock() {
        try {
            hangLock.wait();
            return true;
        } catch (InterruptedException e) {
            // The endpoint is closing (it interrupts its threads): let the request go rather than pin the thread.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void leak(int mbPerSecond) {
        MemoryLeak leak = new MemoryLeak(mbPerSecond, log);
        keepAlive.add(leak);
        leak.start();
        log.info("leaking " + mbPerSecond + " MB per second");
        log.faultApplied(Fault.LEAK);
    }

    private void spawnChild() {
        try {
            // Same process group as the bot, not our child in the JVM's eyes once we are gone: only killing the
            // whole tree (or group) removes it, which is exactly what the watchdog must be seen to do.
            Process child = new ProcessBuilder("sleep", "100000")
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.DISCARD)
                    .start();
            child.getOutputStream().close();
            keepAlive.add(child);
            log.info("spawned child pid=" + child.pid());
            log.faultApplied(Fault.SPAWN_CHILD);
        } catch (IOException e) {
            log.info("spawn-child failed: cannot start 'sleep 100000': " + e.getMessage());
        }
    }

    private void requestRestart() {
        try {
            Path parent = restartFlagFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(restartFlagFile, log.timestamp() + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.info("request-restart failed: cannot write the restart flag " + restartFlagFile + ": " + e);
            return;
        }
        log.info("restart requested: wrote " + restartFlagFile + ", exiting 0");
        log.faultApplied(Fault.REQUEST_RESTART);
        exit.exit(0);
    }
}
