package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.process.BotProcess;
import io.ultrawatch.watchdog.process.ProcessLauncher;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Hands out {@link FakeProcess}es with increasing pids and remembers them. */
public final class FakeLauncher implements ProcessLauncher {
    private final Clock clock;
    private long nextPid = 100;
    public final List<FakeProcess> started = new ArrayList<>();
    public FakeProcess toAdopt;
    public IOException failNextStart;
    public int forgotten;
    /** Runs at every start, before the process exists (to record the order of what a start does). */
    public Runnable onStart = () -> { };

    public FakeLauncher(Clock clock) {
        this.clock = clock;
    }

    @Override
    public BotProcess start(BotConfig bot) throws IOException {
        onStart.run();
        if (failNextStart != null) {
            IOException e = failNextStart;
            failNextStart = null;
            throw e;
        }
        FakeProcess p = new FakeProcess(nextPid++, clock.instant(), false);
        started.add(p);
        return p;
    }

    @Override
    public Optional<BotProcess> adopt(BotConfig bot) {
        return Optional.ofNullable(toAdopt);
    }

    @Override
    public void forget(BotConfig bot) {
        forgotten++;
    }

    public FakeProcess last() {
        return started.get(started.size() - 1);
    }
}
