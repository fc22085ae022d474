package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.model.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** A bot process in memory: the test decides when it exits and which signals it obeys. */
public final class FakeProcess implements BotProcess {
    private final long pid;
    private final Instant startedAt;
    private final boolean adopted;
    private final CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
    public final List<Signal> signals = new ArrayList<>();
    /** When true, TERM (and INT, HUP...) are ignored; only KILL ends it. */
    public boolean ignoreTerm;
    /**
     * SIGKILLs the tree lives through: a child forked between a scan of /proc and the kill, or a process in
     * uninterruptible sleep ({@code Integer.MAX_VALUE}).
     */
    public int survivesKills;
    /** A grandchild that outlives the main process until it gets a signal. */
    public boolean lingeringChild;

    public FakeProcess(long pid, Instant startedAt, boolean adopted) {
        this.pid = pid;
        this.startedAt = startedAt;
        this.adopted = adopted;
    }

    public void exit(int code) {
        exit.complete(OptionalInt.of(code));
    }

    /** Gone without a known exit code, as an adopted bot (not our child) is seen to go. */
    public void exitUnknown() {
        exit.complete(OptionalInt.empty());
    }

    public boolean exited() {
        return exit.isDone();
    }

    /** An adopted bot that was started with another command than the one configured now. */
    public boolean commandChanged;

    @Override
    public boolean commandChanged() {
        return commandChanged;
    }

    /** Gone, but the exit not reported yet (an adopted bot between two polls). */
    public boolean diedUnreported;

    @Override
    public boolean mainExited() {
        return diedUnreported || exit.isDone();
    }

    @Override
    public long pid() {
        return pid;
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
        return exit;
    }

    /** Signals sent to the main process alone (reloads). */
    public final List<Signal> mainSignals = new ArrayList<>();

    @Override
    public void signal(Signal signal) {
        mainSignals.add(signal);
    }

    @Override
    public void signalTree(Signal signal) {
        signals.add(signal);
        if (signal == Signal.KILL && survivesKills > 0) {
            survivesKills--;
            return;
        }
        if (signal == Signal.KILL || !ignoreTerm) {
            lingeringChild = false;
            exit(128 + signal.number());
        }
    }

    @Override
    public List<Long> treePids() {
        List<Long> pids = new ArrayList<>();
        if (!exit.isDone()) {
            pids.add(pid);
        }
        if (lingeringChild) {
            pids.add(pid + 1000);
        }
        return pids;
    }
}
