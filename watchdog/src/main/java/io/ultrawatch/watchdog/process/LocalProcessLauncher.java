package io.ultrawatch.watchdog.process;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.BotEnvironment;
import io.ultrawatch.watchdog.config.EnvBase;
import io.ultrawatch.watchdog.config.EnvFile;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.Executables;
import io.ultrawatch.watchdog.config.StartChecks;
import io.ultrawatch.watchdog.files.FileModes;
import io.ultrawatch.watchdog.log.LogFiles;
import io.ultrawatch.watchdog.sdnotify.NotifySockets;
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
 * Ctrl+C in the watchdog's terminal does not reach it, and its whole tree can be found by session id (and by the
 * start's {@link BotCookie} in its environment). Its environment is built afresh ({@link BotEnvironment}), never
 * the watchdog's. Its output is
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

    private final Map<String, String> ownEnv;
    private final Path statusDir;
    private final Path logDir;
    private final Scheduler time;
    private final Clock clock;

    public LocalProcessLauncher(Path statusDir, Path logDir, Scheduler time) {
        this(statusDir, logDir, time, System.getenv());
    }

    /** @param ownEnv the watchdog's environment: a bot's base when {@code status/env.base} was never recorded */
    public LocalProcessLauncher(Path statusDir, Path logDir, Scheduler time, Map<String, String> ownEnv) {
        this.ownEnv = Map.copyOf(ownEnv);
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
        Map<String, String> env = environment(bot);
        BotCookie cookie = BotCookie.next(bot.name());
        env.put(BotCookie.NAME, cookie.value());
        String program = bot.command().get(0);
        Optional<String> notRunnable = Executables.problem(program, env.get("PATH"), bot.workingDir());
        if (notRunnable.isPresent()) {
            throw new IOException("command[0] '" + program + "' of bot '" + bot.name() + "' " + notRunnable.get());
        }
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

        List<String> line = commandLine(bot.command());
        if (bot.health().check() instanceof HealthCheck.Notify notify) {
            line = notifyCommandLine(line, notify, NotifySockets.path(statusDir, bot.name()).toAbsolutePath(), env);
        }
        ProcessBuilder pb = new ProcessBuilder(line)
                .directory(bot.workingDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectErrorStream(true);
        // Never the watchdog's own environment: the bot's is defined (README: "What a bot's environment is").
        pb.environment().clear();
        pb.environment().putAll(env);
        Process process = pb.start();
        long pid = process.pid();
        // Right after fork the child may not be in /proc yet for a moment; its start time is then read once more.
        long startTicks = ProcStat.of(pid).map(ProcStat::startTicks).orElseGet(() -> startTicksAfterRetry(pid));
        PidFile.Entry identity = new PidFile.Entry(pid, startTicks);
        try {
            pidFile(statusDir, bot.name()).write(pid, startTicks,
                    List.of(cookie.value(), LaunchedCommand.fingerprint(bot.command())));
        } catch (IOException e) {
            // The bot runs: failing the start now would orphan it. Only adoption after a watchdog crash is lost.
            log.warn("Cannot write the pid file of {} ({}); a watchdog started after a crash of this one will not"
                    + " adopt it", bot.name(), e.toString());
        }
        CompletableFuture<OptionalInt> exit = process.onExit().thenApply(p -> OptionalInt.of(p.exitValue()));
        return new LocalBotProcess(identity, clock.instant(), false, exit, cookie, false);
    }

    /**
     * The bot's whole environment for this start (base, env, env file), after checking what would otherwise fail
     * inside {@code ProcessBuilder} with a message naming our launcher ({@code Cannot run program
     * "/usr/bin/setsid"}) or a bare path: each failure names the bot, the field, the value and what is wrong. Also
     * what an exec health check runs with, so the check sees what the bot sees.
     */
    public Map<String, String> environment(BotConfig bot) throws IOException {
        String of = " of bot '" + bot.name() + "' ";
        Optional<String> dir = StartChecks.workingDir(bot.workingDir());
        if (dir.isPresent()) {
            throw new IOException("working_dir '" + bot.workingDir() + "'" + of + dir.get());
        }
        Map<String, String> fileVars = Map.of();
        if (bot.envFile() != null) {
            Optional<String> file = StartChecks.envFile(bot.envFile());
            if (file.isPresent()) {
                throw new IOException("env_file '" + bot.envFile() + "'" + of + file.get());
            }
            try {
                // Read at every start, so a rotated token reaches the next process without a watchdog restart.
                fileVars = EnvFile.read(bot.envFile());
            } catch (IOException e) {
                throw new IOException("env_file" + of + e.getMessage(), e);
            }
        }
        return BotEnvironment.build(base(bot), bot, fileVars);
    }

    /**
     * The bot's base variables from {@code status/env.base}, read at every start: the same file whether this
     * watchdog came from the user's shell or from cron. Never recorded: the same names from our own environment.
     */
    private Map<String, String> base(BotConfig bot) {
        Optional<Map<String, String>> recorded;
        try {
            recorded = EnvBase.read(EnvBase.file(statusDir));
        } catch (IOException e) {
            log.warn("{}; bot {} gets its base variables from the watchdog's environment", e.getMessage(),
                    bot.name());
            recorded = Optional.empty();
        }
        return EnvBase.forBot(bot, recorded, ownEnv);
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
        // Pid files of an older watchdog have neither field: no cookie sweep, and the command judged from /proc.
        List<String> extra = file.extra();
        BotCookie cookie = extra.isEmpty() ? null : BotCookie.parse(extra.get(0));
        String fingerprint = extra.size() >= 2 ? extra.get(1) : null;
        boolean changed = LaunchedCommand.changed(bot.command(), fingerprint, pid);
        if (changed) {
            log.info("Adopted bot {} (pid {}) was started with another command than the configured {}", bot.name(),
                    pid, bot.command());
        }
        return Optional.of(new LocalBotProcess(entry.get(), started, true, exit, cookie, changed));
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

    /**
     * What systemd gives a {@code Type=notify} service: {@code NOTIFY_SOCKET}, and with a watchdog deadline
     * {@code WATCHDOG_USEC} and {@code WATCHDOG_PID}. The pid is not known before the fork, so a shell sets it to its
     * own pid and execs the bot in its place (the same pid; {@code sd_watchdog_enabled(3)} checks it). Only notify
     * bots pay for the extra exec.
     */
    static List<String> notifyCommandLine(List<String> line, HealthCheck.Notify notify, Path socket,
                                          Map<String, String> env) {
        env.put("NOTIFY_SOCKET", socket.toString());
        if (notify.watchdogInterval() == null) {
            return line;
        }
        env.put("WATCHDOG_USEC", Long.toString(notify.watchdogInterval().toNanos() / 1000));
        List<String> wrapped = new ArrayList<>(line);
        int first = SETSID != null ? 1 : 0;
        wrapped.addAll(first, List.of("/bin/sh", "-c", "WATCHDOG_PID=$$; export WATCHDOG_PID; exec \"$@\"",
                "ultrawatch-sdnotify"));
        return wrapped;
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
