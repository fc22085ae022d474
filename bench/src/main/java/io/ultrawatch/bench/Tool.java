package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A supervisor under test, run in the foreground as the harness's child with a generated config and its own
 * pid/socket/state files in the trial folder. Never a system service.
 */
abstract class Tool {
    final String name;
    final Path dir;
    final Env env;
    Process process;
    List<BotSpec> bots = List.of();

    Tool(String name, Path dir, Env env) {
        this.name = name;
        this.dir = dir;
        this.env = env;
    }

    static Tool create(String name, Path dir, Env env) {
        return switch (name) {
            case "ultrawatch" -> new UltrawatchTool(dir, env);
            case "supervisord" -> new SupervisordTool(dir, env);
            case "monit" -> new MonitTool(dir, env);
            default -> throw new IllegalArgumentException("unknown tool " + name);
        };
    }

    /** Writes the config for these bots; returns its text (also shown in RESULTS.md). */
    abstract String writeConfig(List<BotSpec> bots, Profile profile) throws IOException;

    abstract List<String> command();

    /** What this tool is given under the profile, for the results (next to its config). */
    abstract Budget budget(Profile profile);

    /** How long this tool is given after its start of the bot before a plain scenario's fault. */
    abstract Settle settle(Profile profile);

    /**
     * Epoch ms of {@link #settle}'s reference for the bot process {@code pid}; empty while the tool (or the bot) has
     * not reported it yet.
     */
    abstract OptionalLong settleReferenceMs(BotSpec bot, long pid) throws IOException;

    /** Asks the tool to restart the bot, the way a user would. */
    abstract void requestRestart(BotSpec bot) throws IOException;

    /** Asks the tool to stop the bot, the way a user would; returns at once. */
    abstract void requestStop(BotSpec bot) throws IOException;

    void start(List<BotSpec> bots, Profile profile) throws IOException {
        for (BotSpec b : bots) {
            if (Http.portTaken(b.port())) {
                throw new IllegalStateException("port " + b.port() + " on 127.0.0.1 is taken by another process;"
                        + " not starting (choose another with --port)");
            }
        }
        this.bots = List.copyOf(bots);
        Files.createDirectories(dir);
        writeConfig(bots, profile);
        ProcessBuilder pb = new ProcessBuilder(command()).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".console.log").toFile()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        customize(pb);
        process = pb.start();
    }

    void customize(ProcessBuilder pb) {
    }

    long pid() {
        return process.pid();
    }

    /** Runs a CLI of the tool in the background (its output goes to the trial folder). */
    Process cli(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".cli.log").toFile()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
    }

    /**
     * SIGTERM to the tool (its own clean stop, bounded), then SIGKILL to whatever is left of its tree, of the bots'
     * trees (by pid, session and process group) and of anything the bots' stamps name. Waits for the ports to free.
     */
    void close() {
        Set<Long> roots = new HashSet<>();
        if (process != null) {
            roots.add(process.pid());
            process.descendants().forEach(h -> roots.add(h.pid()));
            process.destroy();
            try {
                process.waitFor(4, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (BotSpec b : bots) {
            roots.addAll(b.log().allPids());
        }
        Procs.killTrees(roots);
        List<Integer> busy = new ArrayList<>();
        long end = Clock.nowMs() + 5000;
        for (BotSpec b : bots) {
            while (Http.portTaken(b.port()) && Clock.nowMs() < end) {
                Clock.sleepMs(20);
            }
            if (Http.portTaken(b.port())) {
                busy.add(b.port());
            }
        }
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports " + busy + " still answer after the clean-up");
        }
    }

    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
