package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.config.NotifyConfig;
import io.ultrawatch.watchdog.config.NotifySinkConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends one test message through each configured sink, once, without retries, and says what each answered: the
 * check behind {@code ultrawatch notify test}. Stateless.
 */
public final class SinkTester {
    private SinkTester() {
    }

    /**
     * @param sink the sink's name, or null for the answer of every sink
     * @param result what the receiver answered, or null when the sink could not be built
     * @param problem why it could not be built (names the variable, never its value), or null
     */
    public record Outcome(String sink, String type, SendResult result, String problem) {
        public boolean ok() {
            return result != null && result.ok();
        }
    }

    /** Every sink named (all when {@code only} is null), in config order; nothing when no sink has that name. */
    public static List<Outcome> run(NotifyConfig config, Map<String, String> env, String only, Instant now) {
        Map<String, String> vars = Notifier.environment(config, env);
        List<Outcome> out = new ArrayList<>();
        for (NotifySinkConfig c : config.sinks()) {
            if (only != null && !only.equals(c.name())) {
                continue;
            }
            try (Sink sink = Sinks.create(c, vars, null)) {
                out.add(new Outcome(c.name(), c.type().wireName(), sink.send(Messages.test(c.name(), now)), null));
            } catch (Sinks.SetupException e) {
                out.add(new Outcome(c.name(), c.type().wireName(), null, e.getMessage()));
            }
        }
        return out;
    }
}
