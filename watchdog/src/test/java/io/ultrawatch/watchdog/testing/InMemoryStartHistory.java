package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.policy.StartHistory;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A start history that outlives a supervisor in memory, as the status folder outlives a watchdog. */
public final class InMemoryStartHistory implements StartHistory {
    public final Map<String, List<Instant>> saved = new HashMap<>();

    @Override
    public List<Instant> load(String bot) {
        return saved.getOrDefault(bot, List.of());
    }

    @Override
    public void save(String bot, List<Instant> starts) {
        saved.put(bot, List.copyOf(starts));
    }
}
