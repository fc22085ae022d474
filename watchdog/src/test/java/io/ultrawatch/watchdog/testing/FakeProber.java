package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.probe.HealthProber;
import io.ultrawatch.watchdog.probe.ProbeResult;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Answers probes as the test says: healthy, unhealthy (503), or hung (a timeout after the probe's timeout). */
public final class FakeProber implements HealthProber {
    public enum Mode { HEALTHY, UNHEALTHY, HUNG }

    private final ManualScheduler time;
    public Mode mode = Mode.HEALTHY;
    public int probes;
    public final List<Long> probedAtNanos = new ArrayList<>();

    public FakeProber(ManualScheduler time) {
        this.time = time;
    }

    @Override
    public void probe(URI url, Duration timeout, Consumer<ProbeResult> done) {
        probes++;
        probedAtNanos.add(time.nanoTime());
        switch (mode) {
            case HEALTHY -> done.accept(ProbeResult.success(time.clock().instant(), 1.0, 200));
            case UNHEALTHY -> done.accept(ProbeResult.failure(time.clock().instant(), 1.0, 503, "HTTP 503"));
            case HUNG -> time.schedule(() -> done.accept(ProbeResult.failure(time.clock().instant(),
                    timeout.toMillis(), 0, "timeout after " + timeout.toMillis() + " ms")), timeout);
        }
    }
}
