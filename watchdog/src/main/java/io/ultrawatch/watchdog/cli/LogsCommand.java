package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.eventlog.EventLogReader;
import io.ultrawatch.watchdog.log.OutputFollower;
import io.ultrawatch.watchdog.log.OutputLog;
import io.ultrawatch.watchdog.process.LocalProcessLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Instant;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints a bot's own output ({@code logs/<bot>.out.log}) straight from the files: no API, no token, so it works while
 * the watchdog is down, which is when people look.
 */
@Command(name = "logs", description = {"Shows a bot's output (logs/<bot>.out.log and its rotated copies).",
    "--since keeps the lines whose leading time (ISO-8601, like 2026-11-23T08:00:00.123Z; UTC when no zone is"
        + " given) is at or after WHEN; a line without a time goes with the line before it. In a file where no"
        + " line starts with a time, the file's modification time decides: a file last written before WHEN is"
        + " skipped, any other is printed whole."})
final class LogsCommand implements Callable<Integer> {
    /** Most lines -n prints; the tail reads at most {@link OutputLog#MAX_TAIL_BYTES} anyway. */
    static final int MAX_LINES = 100_000;

    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "BOT", description = "The bot whose output to show.")
    String bot;

    @Option(names = {"-n", "--lines"}, paramLabel = "N",
            description = "The last N lines (default 50; with --since, every line since then unless -n is given).")
    Integer lines;

    @Option(names = {"-f", "--follow"}, description = "Then keep printing new lines until Ctrl+C, across rotations.")
    boolean follow;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only lines since then: a duration ago (10m, 6h) or a time like 2026-11-23T08:00:00Z.")
    String since;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant from;
        try {
            from = EventLogReader.parseSince(since, clock.instant());
        } catch (IllegalArgumentException e) {
            err.println("--" + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (lines != null && (lines < 1 || lines > MAX_LINES)) {
            err.println("-n must be from 1 to " + MAX_LINES + ", but was " + lines);
            return ExitCodes.USAGE;
        }
        Path logDir = target.resolve(err).logDir();
        TreeSet<String> known = knownBots(logDir);
        if (!known.contains(bot)) {
            err.println("Unknown bot '" + bot + "'. Known bots: " + (known.isEmpty() ? "(none)"
                    : String.join(", ", known)));
            return ExitCodes.FAILED;
        }
        OutputLog log = new OutputLog(LocalProcessLauncher.outputLog(logDir, bot));
        if (log.filesOldestFirst().isEmpty() && !follow) {
            err.println("No output yet: " + log.file() + " does not exist (has " + bot + " started?)");
            return ExitCodes.OK;
        }
        // The follower starts at the end as it is now, so what is printed next is exactly what comes after.
        OutputFollower follower = follow ? new OutputFollower(log) : null;
        if (from == null) {
            log.last(lines == null ? 50 : lines).forEach(out::println);
        } else if (lines == null) {
            log.since(from, out::println);
        } else {
            java.util.ArrayDeque<String> lastN = new java.util.ArrayDeque<>();
            log.since(from, l -> {
                lastN.addLast(l);
                if (lastN.size() > lines) {
                    lastN.removeFirst();
                }
            });
            lastN.forEach(out::println);
        }
        out.flush();
        if (follower != null) {
            follow(log, follower, out);
        }
        return ExitCodes.OK;
    }

    /** The configured bots, plus any bot with an output log (a bot removed from the config keeps its logs). */
    private TreeSet<String> knownBots(Path logDir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        if (target.statusDirOption == null) {
            try {
                ConfigLoader.load(Target.chooseConfig(target.configFile), System.getenv()).bots().stream()
                        .map(BotConfig::name).forEach(names::add);
            } catch (ConfigException e) {
                // Target.resolve has warned already; the log files below still name the bots.
            }
        }
        if (Files.isDirectory(logDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(logDir, "*.out.log")) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    names.add(name.substring(0, name.length() - ".out.log".length()));
                }
            }
        }
        return names;
    }

    /** Waits on file-system events (no polling sleep) and prints what comes, until interrupted. */
    private static void follow(OutputLog log, OutputFollower follower, PrintWriter out) throws IOException {
        Path dir = log.file().toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try (WatchService watcher = dir.getFileSystem().newWatchService()) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (!Thread.currentThread().isInterrupted()) {
                follower.poll(out::println);
                out.flush();
                var key = watcher.poll(500, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
