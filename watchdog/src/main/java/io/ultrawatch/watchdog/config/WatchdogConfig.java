package io.ultrawatch.watchdog.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of one watchdog: its own settings and the bots it supervises. Immutable; a reload builds a
 * new instance and swaps it in whole, or keeps the old one.
 *
 * @param source the file it was read from, or {@code null} when the watchdog runs on built-in defaults
 * @param baseDir the folder relative paths were resolved against (the config file's folder, else the working dir)
 * @param notifications where notifications go; {@link NotifyConfig#DEFAULTS} (none) when the file has no {@code notify}
 */
public record WatchdogConfig(Path source, Path baseDir, WatchdogSettings watchdog, List<BotConfig> bots,
                             NotifyConfig notifications) {
    public WatchdogConfig {
        bots = List.copyOf(bots);
        notifications = notifications == null ? NotifyConfig.DEFAULTS : notifications;
    }

    /** Without notifications ({@link NotifyConfig#DEFAULTS}). */
    public WatchdogConfig(Path source, Path baseDir, WatchdogSettings watchdog, List<BotConfig> bots) {
        this(source, baseDir, watchdog, bots, NotifyConfig.DEFAULTS);
    }

    public Optional<BotConfig> bot(String name) {
        return bots.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** A short label for logs and the status file: the file name, or "(defaults)". */
    public String sourceLabel() {
        return source == null ? "(defaults)" : source.toString();
    }
}
