package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigFileChoice;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which watchdog a command talks to: the one whose config is {@code --config} (default {@code watchdog.yml} here, as
 * {@code run} does), or the one whose status folder is {@code --status-dir}. A config with errors still locates its
 * folders (the running watchdog keeps its last good config), with a warning.
 */
final class Target {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The watchdog's config file (default: watchdog.yml here if present, else the defaults).")
    Path configFile;

    @Option(names = "--status-dir", paramLabel = "DIR",
            description = "The watchdog's status folder (default: from the config, usually status/).")
    Path statusDirOption;

    /** The folders of the targeted watchdog. */
    record Dirs(Path statusDir, Path logDir) {
    }

    /** The config file a command means: the one given, else watchdog.yml here if present, else none (defaults). */
    static Path chooseConfig(Path given) {
        return ConfigFileChoice.choose(given, Path.of(""));
    }

    Dirs resolve(PrintWriter err) {
        if (statusDirOption != null) {
            // The folder is named: no config to read (a broken watchdog.yml in the caller's folder is no concern).
            return new Dirs(statusDirOption, statusDirOption.toAbsolutePath().resolveSibling("logs"));
        }
        Path file = chooseConfig(configFile);
        WatchdogConfig config;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            String what = file == null ? "the environment overrides" : file.toString();
            err.println("warning: errors in " + what + " (run: ultrawatch check-config" + (file == null ? ""
                    : " " + file) + "); assuming the default folders");
            // Folders do not depend on the environment overrides, so the defaults without them locate them.
            Path base = file == null ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
            config = ConfigLoader.defaults(base, Map.of());
        }
        return new Dirs(config.watchdog().statusDir(), config.watchdog().logDir());
    }
}
