package io.ultrawatch.watchdog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * Where and how often the watchdog tells people what happened (YAML key {@code notify}). The defaults of every field
 * are {@link #DEFAULTS}: no sinks, so nothing is sent and no notification class is loaded.
 *
 * <p>Secrets are held by reference only: a sink names the environment variable that holds its webhook URL or SMTP
 * password ({@link NotifySinkConfig#urlEnv()}, {@link NotifySinkConfig#passwordEnv()}), read when the notifier is
 * built, so this record and its {@code toString()} never carry a secret.
 *
 * @param minInterval per bot and sink at most one message this often; what arrives in between is folded into the
 *     next message (0 sends every event at once)
 * @param digestAt local time of the daily summary sent to every sink, or {@code null} for none
 * @param envFile {@code KEY=VALUE} file whose variables the sinks' {@code *_env} keys may name besides the watchdog's
 *     environment (the file wins), or {@code null}; resolved against the config file's folder
 * @param sinks where messages go, in file order; names are unique
 */
public record NotifyConfig(Duration minInterval, LocalTime digestAt, Path envFile, List<NotifySinkConfig> sinks) {
    /** What a config without {@code notify}, or without some of its keys, gets; the only place they are written. */
    public static final NotifyConfig DEFAULTS = new NotifyConfig(Duration.ofMinutes(5), null, null, List.of());

    public NotifyConfig {
        sinks = List.copyOf(sinks);
    }

    /** True when there is at least one sink: only then does the watchdog build a notifier. */
    public boolean enabled() {
        return !sinks.isEmpty();
    }

    public Optional<NotifySinkConfig> sink(String name) {
        return sinks.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
