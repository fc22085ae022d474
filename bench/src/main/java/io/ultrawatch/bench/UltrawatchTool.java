package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ultrawatch: {@code java $ULTRA_JVM_OPTS -jar ultrawatch.jar run --config FILE}, with MALLOC_ARENA_MAX=2 as
 * scripts/lib/common.sh starts it. Restart request: the bot's restart flag file. Stop request: SIGTERM to the
 * watchdog (the control server is off, so that is the stop a user has).
 */
final class UltrawatchTool extends Tool {
    /** Extra JVM flags for a profiling run (JFR, GC log), from --ultra-jvm-extra. */
    static List<String> extraJvm = List.of();
    /** memory.sample_interval override for a diagnosis run (--ultra-memory-sample-ms); 0 = the profile's. */
    static int memorySampleOverrideMs;
    /** startup_timeout: generous, so 200 bots booting at once on 2 cores are not restarted for being slow. */
    int startupTimeoutS = 10;

    UltrawatchTool(Path dir, Env env) {
        super("ultrawatch", dir, env);
    }

    Path config() {
        return dir.resolve("watchdog.yml");
    }

    Path statusFile() {
        return dir.resolve("status/status.json");
    }

    Path eventsFile() {
        return dir.resolve("logs/events.jsonl");
    }

    @Override
    String writeConfig(List<BotSpec> bots, Profile p) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("watchdog:\n")
                .append("  status_dir: ").append(dir.resolve("status")).append('\n')
                .append("  log_dir: ").append(dir.resolve("logs")).append('\n')
                .append("  status_interval: 1s\n")
                .append("  control: {enabled: false}\n")
                .append("bots:\n");
        for (BotSpec b : bots) {
            y.append("  - name: ").append(b.name()).append('\n')
                    .append("    command: [").append(b.command().stream().map(Tool::q)
                            .collect(Collectors.joining(", "))).append("]\n")
                    .append("    working_dir: ").append(b.dir()).append('\n')
                    .append("    health: {url: \"http://127.0.0.1:").append(b.port()).append("/health\", interval: ")
                    .append(p.probeIntervalMs).append("ms, timeout: ").append(Profile.PROBE_TIMEOUT_MS)
                    .append("ms, failure_threshold: ").append(Profile.PROBE_FAILURES)
                    .append(", startup_timeout: ").append(startupTimeoutS).append("s}\n")
                    .append("    memory: {max_mb: ").append(Profile.MEMORY_LIMIT_MB).append(", sample_interval: ")
                    .append(memorySampleOverrideMs > 0 ? memorySampleOverrideMs : p.memorySampleMs)
                    .append("ms, consecutive_samples: 1}\n")
                    .append("    restart: {backoff_base: 0s, backoff_factor: 2.0, backoff_max: 1s, jitter: 0,"
                            + " stable_after: 5s}\n")
                    .append("    stop: {signal: TERM, grace: ").append(Profile.GRACE_S).append("s}\n")
                    .append("    restart_flag_file: ").append(b.flagFile()).append('\n');
        }
        Files.writeString(config(), y.toString());
        return y.toString();
    }

    @Override
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(env.java());
        cmd.addAll(env.jvmOpts());
        cmd.addAll(extraJvm);
        cmd.addAll(List.of("-jar", env.jar().toString(), "run", "--config", config().toString()));
        return cmd;
    }

    @Override
    void customize(ProcessBuilder pb) {
        pb.environment().put("MALLOC_ARENA_MAX", "2");
    }

    @Override
    void requestRestart(BotSpec bot) throws IOException {
        Files.writeString(bot.flagFile(), "bench\n");
    }

    @Override
    void requestStop(BotSpec bot) {
        process.destroy();
    }
}
