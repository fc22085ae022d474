package io.ultrawatch.watchdog.export;

import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A config with one bot of every health kind, programs that exist on this machine (the validators check that), and
 * words that need quoting: spaces, quotes, {@code %}, {@code $}, a lone {@code ;}.
 */
final class ExportConfigs {
    private ExportConfigs() {
    }

    static WatchdogConfig load(Path dir) throws Exception {
        // A program whose path has a space: a wrong quote makes systemd-analyze report it as not executable.
        Path bin = Files.createDirectories(dir.resolve("my bin"));
        Path program = bin.resolve("run bot");
        Files.writeString(program, "#!/bin/sh\nexec sleep 1000\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("secrets.env"), "DISCORD_TOKEN=planted-secret-token\n");
        Path file = dir.resolve("watchdog.yml");
        Files.writeString(file, String.join("\n",
                "bots:",
                "  - name: web",
                "    command: ['my bin/run bot', 'a \"quoted\" word', '100%', '$HOME', ';', 'back\\slash']",
                "    env: {GREETING: 'hello \"world\" 100% $HOME', PLAIN: x}",
                "    env_file: secrets.env",
                "    reload_signal: HUP",
                "    health: {url: 'http://127.0.0.1:5001/health?deep=1', interval: 5s, timeout: 2s,"
                        + " failure_threshold: 3, startup_timeout: 60s}",
                "    memory: {max_mb: 256}",
                "    restart: {backoff_base: 2s, backoff_max: 300s, max_starts: 50, max_starts_window: 6h}",
                "    stop: {signal: INT, grace: 15s}",
                "  - name: port",
                "    command: [/bin/true]",
                "    health: {type: tcp, host: 127.0.0.1, port: 7000}",
                "  - name: script",
                "    command: [/bin/true]",
                "    health: {type: exec, command: [/bin/sh, -c, 'test -e ready']}",
                "    memory: {max_mb: 0}",
                "  - name: beat",
                "    command: [/bin/true]",
                "    health: {type: file, path: heartbeat, max_age: 90s}",
                "  - name: quiet",
                "    command: [/bin/true]",
                "    health: {type: none}",
                "  - name: pinger",
                "    command: [/bin/true]",
                "    health: {type: notify, watchdog_interval: 1500ms, startup_timeout: 30s}",
                ""));
        return ConfigLoader.load(file, Map.of());
    }
}
