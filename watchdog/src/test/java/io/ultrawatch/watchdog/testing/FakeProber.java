package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.probe.HealthChecks;
import io.ultrawatch.watchdog.probe.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Answers checks as the test says: healthy, degraded (alive, not ready), unhealthy (503), or hung (a timeout after
 * the check's timeout).
 */
public final class FakeProber implements HealthChecks {
    public enum Mode { HEALTHY, DEGRADED, UNHEALTHY, HUNG }

    private final ManualScheduler time;
    public Mode mode = Mode.HEALTHY;
    public int probes;
    public final List<Long> probedAtNanos = new ArrayList<>();

    public FakeProber(ManualScheduler time) {
        this.time = time;
    }

    @Override
    public void check(BotConfig bot, Consumer<ProbeResult> done) {
        Duration timeout = bot.health().timeout();
        probes++;
        probedAtNanos.add(time.nanoTime());
        switch (mode) {
            case HEALTHY -> done.accept(ProbeResult.success(time.clock().instant(), 1.0, 200));
            case DEGRADED -> done.accept(ProbeResult.degraded(time.clock().instant(), 1.0, 200,
                    "HTTP 200, status DEGRADED"));
            case UNHEALTHY -> done.accept(ProbeResult.failure(time.clock().instant(), 1.0, 503, "HTTP 503"));
            case HUNG -> time.schedule(() -> done.accept(ProbeResult.failure(time.clock().instant(),
                    timeout.toMillis(), 0, "timeout after " + timeout.toMillis() + " ms")), timeout);
        }
    }
}
