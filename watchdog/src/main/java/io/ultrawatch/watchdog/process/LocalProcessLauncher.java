package io.ultrawatch.watchdog.process;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.EnvFile;
import io.ultrawatch.watchdog.files.FileModes;
import io.ultrawatch.watchdog.log.LogFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each bot as a fresh process in a session of its own ({@code setsid}): it survives the watchdog's death, a
 * Ctrl+C in the watchdog's terminal does not reach it, and its whole tree can be found by session id. Its output is
 * appended straight to {@code logs/<bot>.out.log}, never piped through the watchdog, so a dead watchdog cannot block
 * the bot on a full pipe.
 */
public final class LocalProcessLauncher implements ProcessLauncher {
    private static final Logger log = LoggerFactory.getLogger(LocalProcessLauncher.class);
    private static final Path SETSID = findSetsid();

    /**
     * How often an adopted bot is checked for exit. It is not our child, so no waitpid: Java's own
     * {@code ProcessHandle.onExit()} polls such a process with a delay growing to 5 s, far too slow to notice a crash.
     */
    static final Duration ADOPTED_EXIT_POLL = Duration.ofMillis(100);

    private final Path statusDir;
    private final Path logDir;
    private final Scheduler time;
    private final Clock clock;

    public LocalProcessLauncher(Path statusDir, Path logDir, Scheduler time) {
        this.statusDir = statusDir;
        this.logDir = logDir;
        this.time = time;
        this.clock = time.clock();
        // One pass now loads and links the /proc reader, so the first crash's restart does not pay for it.
        ProcStat.all();
    }

    public static Path outputLog(Path logDir, String bot) {
        return logDir.resolve(bot + ".out.log");
    }

    public static PidFile pidFile(Path statusDir, String bot) {
        return new PidFile(statusDir.resolve(bot + ".pid"));
    }

    @Override
    public BotProcess start(BotConfig bot) throws IOException {
        Files.createDirectories(logDir);
        Files.createDirectories(statusDir);
        Path out = outputLog(logDir, bot.name());
        try {
            LogFiles.rotateIfLarger(out, bot.log().maxSizeBytes(), bot.log().keep());
        } catch (IOException e) {
            log.warn("Cannot rotate {} ({}); the bot appends to it as it is", out, e.toString());
        }
        // The bot's output is its user's alone (0600), whatever the umask; the append below keeps the mode.
        if (!Files.exists(out)) {
            Files.createFile(out, FileModes.ownerOnlyFile());
        }

        ProcessBuilder pb = new ProcessBuilder(commandLine(bot.command()))
                .directory(bot.workingDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.putAll(bot.env());
        if (bot.envFile() != null) {
            // Read at every start, so a rotated token reaches the next process without a watchdog restart.
            env.putAll(EnvFile.read(bot.envFile()));
        }
        Process process = pb.start();
        long pid = process.pid();
        // Right after fork the child may not be in /proc yet for a moment; its start time is then read once more.
        long startTicks = ProcStat.of(pid).map(ProcStat::startTicks).orElseGet(() -> startTicksAfterRetry(pid));
        PidFile.Entry identity = new PidFile.Entry(pid, startTicks);
        try {
            pidFile(statusDir, bot.name()).write(pid, startTicks);
        } catch (IOException e) {
            // The bot runs: failing the start now would orphan it. Only adoption after a watchdog crash is lost.
            log.warn("Cannot write the pid file of {} ({}); a watchdog started after a crash of this one will not"
                    + " adopt it", bot.name(), e.toString());
        }
        CompletableFuture<OptionalInt> exit = process.onExit().thenApply(p -> OptionalInt.of(p.exitValue()));
        return new LocalBotProcess(identity, clock.instant(), false, exit);
    }

    private static long startTicksAfterRetry(long pid) {
        return ProcStat.of(pid).map(ProcStat::startTicks).orElse(-1L);
    }

    @Override
    public Optional<BotProcess> adopt(BotConfig bot) {
        PidFile file = pidFile(statusDir, bot.name());
        Optional<PidFile.Entry> entry = file.read();
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (!entry.get().isAlive()) {
            file.delete();
            return Optional.empty();
        }
        long pid = entry.get().pid();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        Instant started = handle.get().info().startInstant().orElse(clock.instant());
        CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
        pollExit(entry.get(), exit);
        return Optional.of(new LocalBotProcess(entry.get(), started, true, exit));
    }

    private void pollExit(PidFile.Entry identity, CompletableFuture<OptionalInt> exit) {
        if (!identity.isAlive()) {
            exit.complete(OptionalInt.empty());
        } else {
            time.schedule(() -> pollExit(identity, exit), ADOPTED_EXIT_POLL);
        }
    }

    @Override
    public void forget(BotConfig bot) {
        pidFile(statusDir, bot.name()).delete();
    }

    static List<String> commandLine(List<String> command) {
        List<String> line = new ArrayList<>();
        if (SETSID != null) {
            line.add(SETSID.toString());
        }
        line.addAll(command);
        // "java" means the JVM that runs the watchdog: cron's PATH is minimal and may find another one, or none.
        int first = SETSID != null ? 1 : 0;
        if (line.get(first).equals("java")) {
            line.set(first, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        return line;
    }

    private static Path findSetsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }
}
