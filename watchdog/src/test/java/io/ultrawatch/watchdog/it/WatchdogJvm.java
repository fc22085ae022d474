package io.ultrawatch.watchdog.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The watchdog as a real child JVM, started as {@code ultrawatch run --config FILE} on the test's class path, for the
 * tests that kill it, signal it or read what it wrote: adoption, signals, secrets. Its console goes to
 * {@code watchdog.console} in the test's folder. The caller stops it by its pid.
 */
final class WatchdogJvm {
    private WatchdogJvm() {
    }

    /**
     * A {@code watchdog.yml} in {@code dir}: the demo bot on {@code port} (its control and flag files in {@code dir}),
     * a 200 ms status heartbeat, no control server.
     *
     * @param healthLines more keys of the demo bot's {@code health} block, each line indented by six spaces
     * @param more YAML after the bots (a {@code notify} block), or empty
     */
    static Path demoConfig(Path dir, int port, String healthLines, String more, String... botArgs)
            throws IOException {
        List<String> cmd = DemoBotCommand.command(port, dir.resolve("control"), dir.resolve(".discord_bot_restart"),
                botArgs);
        StringBuilder yaml = new StringBuilder("watchdog:\n  status_dir: status\n  log_dir: logs\n"
                + "  status_interval: 200ms\n  control:\n    enabled: false\nbots:\n  - name: demo\n    command:\n");
        for (String arg : cmd) {
            yaml.append("      - '").append(arg.replace("'", "''")).append("'\n");
        }
        yaml.append("    health:\n      url: http://127.0.0.1:").append(port).append("/health\n").append(healthLines)
                .append(more);
        Path file = dir.resolve("watchdog.yml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Starts {@code ultrawatch run --config config} in {@code dir}, with {@code env} added to its environment. */
    static Process start(Path dir, Path config, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(DemoBotCommand.java(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), "io.ultrawatch.watchdog.cli.Main", "run", "--config",
                config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "watchdog.console")));
        pb.environment().putAll(env);
        return pb.start();
    }
}
