package io.ultrawatch.watchdog.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A bot process on this machine. Its tree is found two ways: its session (the watchdog starts every bot with
 * {@code setsid}, so grandchildren keep the session id even after their parent died and they were re-parented to
 * init), and its live descendants (for a child that left the session). Signals go through libc {@code kill}.
 */
final class LocalBotProcess implements BotProcess {
    private final PidFile.Entry identity;
    private final Instant startedAt;
    private final boolean adopted;
    private final CompletableFuture<OptionalInt> onExit;

    LocalBotProcess(PidFile.Entry identity, Instant startedAt, boolean adopted, CompletableFuture<OptionalInt> onExit) {
        this.identity = identity;
        this.startedAt = startedAt;
        this.adopted = adopted;
        this.onExit = onExit;
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
        if (identity.isAlive()) {
            pids.add(identity.pid());
            ProcessHandle.of(identity.pid()).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        }
        for (ProcStat member : ProcStat.inSession(identity.pid())) {
            pids.add(member.pid());
        }
        return new ArrayList<>(pids);
    }

    @Override
    public String toString() {
        return "pid " + identity.pid();
    }
}
