package io.ultrawatch.watchdog.process;

import io.ultrawatch.watchdog.model.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A bot process on this machine. Its tree is found three ways: its session (the watchdog starts every bot with
 * {@code setsid}, so grandchildren keep the session id even after their parent died and they were re-parented to
 * init), its live descendants (for a child that left the session), and, when stopping, the start's
 * {@link BotCookie} in the environment of processes started since the bot (a descendant that left the session and
 * lost its parent: {@code setsid -f}). Signals go through libc {@code kill}.
 */
final class LocalBotProcess implements BotProcess {
    private final PidFile.Entry identity;
    private final Instant startedAt;
    private final boolean adopted;
    private final CompletableFuture<OptionalInt> onExit;
    private final BotCookie cookie;
    private final boolean commandChanged;

    /**
     * @param cookie the start's cookie, or null when unknown (adopted from an older watchdog's pid file)
     * @param commandChanged see {@link BotProcess#commandChanged()}
     */
    LocalBotProcess(PidFile.Entry identity, Instant startedAt, boolean adopted, CompletableFuture<OptionalInt> onExit,
                    BotCookie cookie, boolean commandChanged) {
        this.identity = identity;
        this.startedAt = startedAt;
        this.adopted = adopted;
        this.onExit = onExit;
        this.cookie = cookie;
        this.commandChanged = commandChanged;
    }

    @Override
    public boolean commandChanged() {
        return commandChanged;
    }

    @Override
    public long pid() {
        return identity.pid();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public boolean adopted() {
        return adopted;
    }

    @Override
    public CompletableFuture<OptionalInt> onExit() {
        return onExit;
    }

    @Override
    public boolean mainExited() {
        return onExit.isDone() || !identity.isAlive();
    }

    @Override
    public void signal(Signal signal) {
        if (identity.isAlive()) {
            LibC.INSTANCE.kill((int) identity.pid(), signal.number());
        }
    }

    @Override
    public void signalTree(Signal signal) {
        for (long pid : treePids()) {
            LibC.INSTANCE.kill((int) pid, signal.number());
        }
    }

    @Override
    public List<Long> treePids() {
        Set<Long> pids = new LinkedHashSet<>();
        // The main pid only while it is still our process: once reaped, the kernel may hand the number to another.
        boolean alive = identity.isAlive();
        if (alive) {
            pids.add(identity.pid());
        }
        // The cookie is looked for only here (stops and leftover scans), never per memory sample: reading every
        // environ costs a read per process. A descendant cannot have started before the bot, which skips most.
        pids.addAll(cookie == null ? ProcStat.tree(identity.pid(), alive) : ProcStat.tree(identity.pid(), alive,
                p -> p.startTicks() >= identity.startTicks() && cookie.foundIn(p.pid())));
        return new ArrayList<>(pids);
    }

    /**
     * Walks {@code /proc/PID/task/TID/children}: a few small reads for a bot's own subtree instead of reading every
     * process on the machine, which at 200 bots sampled every few seconds cost more than all else together.
     */
    @Override
    public List<Long> samplePids() {
        // Not identity.isAlive(): a /proc read per sample. A sample only reads, and onExit completes within 100 ms of
        // the exit, long before the kernel could hand the number to another process.
        if (onExit.isDone()) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        java.util.Deque<Long> todo = new java.util.ArrayDeque<>(List.of(identity.pid()));
        while (!todo.isEmpty() && pids.size() < MAX_SAMPLED) {
            long pid = todo.pop();
            pids.add(pid);
            try (java.nio.file.DirectoryStream<java.nio.file.Path> tasks = java.nio.file.Files.newDirectoryStream(
                    java.nio.file.Path.of("/proc", Long.toString(pid), "task"))) {
                for (java.nio.file.Path task : tasks) {
                    String children = java.nio.file.Files.readString(task.resolve("children")).trim();
                    if (!children.isEmpty()) {
                        for (String child : children.split(" ")) {
                            todo.push(Long.parseLong(child));
                        }
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // The process exited meanwhile, or the kernel lacks the children file: sample what was found.
            }
        }
        return pids;
    }

    /** A bound on one sample's walk, against a fork bomb. */
    private static final int MAX_SAMPLED = 1000;

    @Override
    public String toString() {
        return "pid " + identity.pid();
    }
}
