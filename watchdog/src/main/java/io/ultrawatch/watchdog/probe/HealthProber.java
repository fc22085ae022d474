package io.ultrawatch.watchdog.probe;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/** Asks a bot whether it is healthy, without blocking the caller; the answer arrives on another thread. */
public interface HealthProber {
    void probe(URI url, Duration timeout, Consumer<ProbeResult> done);
}
