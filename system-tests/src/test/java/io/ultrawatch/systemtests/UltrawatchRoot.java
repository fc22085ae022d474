package io.ultrawatch.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An isolated ultrawatch installation in a temp folder, laid out like the repository: copies of its {@code scripts/}
 * and {@code cron/}, copies of the two built jars at their usual relative paths (copies, not links: a concurrent
 * {@code mvn package} must not rewrite a jar under a running JVM), and a {@code watchdog.yml} whose demo bot listens on
 * a port found free at run time (never the default 5001) with a 200 ms status heartbeat and no control server.
 *
 * <p>{@link #close()} kills, by pid, every process whose command line names this folder or that runs in it (watchdogs
 * first, so none
 * restarts a bot meanwhile; SIGKILL ends a SIGSTOPped one too), plus every process the test started through it.
 */
final class UltrawatchRoot implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** The installation (the folder the scripts call ULTRA_ROOT). */
    final Path dir;
    /** Where script output is kept, outside the installation. */
    final Path outputs;
    /** The demo bot's health port. */
    final int port;
    private final List<Process> children = new ArrayList<>();

    private UltrawatchRoot(Path dir, Path outputs, int port) {
        this.dir = dir;
        this.outputs = outputs;
        this.port = port;
    }

    /** The repository: from the pom ({@code ultrawatch.root}), else the parent of this module's folder. */
    static Path repo() {
        String configured = System.getProperty("ultrawatch.root");
        Path repo = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return repo.toAbsolutePath().normalize();
    }

    /** The running JVM's java: the same one the watchdog and the bots get. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String javaHome() {
        return Path.of(System.getProperty("java.home")).toString();
    }

    /** A root with the demo bot only. */
    static UltrawatchRoot create(Path tempDir) throws IOException {
        return create(tempDir, "");
    }

    /**
     * @param extraBots YAML appended to the {@code bots:} list (items indented by two spaces), for tests that need a
     *     second bot
     */
    static UltrawatchRoot create(Path tempDir, String extraBots) throws IOException {
        return create(tempDir, extraBots, false);
    }

    /** @param control whether the watchdog serves its control server (on a free port; /healthz for cron) */
    static UltrawatchRoot create(Path tempDir, String extraBots, boolean control) throws IOException {
        Path base = tempDir.toRealPath();
        Path dir = Files.createDirectories(base.resolve("root"));
        Path outputs = Files.createDirectories(base.resolve("out"));
        Path repo = repo();
        copyTree(repo.resolve("scripts"), dir.resolve("scripts"));
        copyTree(repo.resolve("cron"), dir.resolve("cron"));
        for (String jar : List.of("watchdog/target/ultrawatch.jar", "demo-bot/target/demo-bot.jar")) {
            Path built = repo.resolve(jar);
            if (!Files.isRegularFile(built)) {
                throw new IllegalStateException(built + " is missing: build it first with"
                        + " mvn -B -q install -DskipTests -pl watchdog,demo-bot -am");
            }
            Files.createDirectories(dir.resolve(jar).getParent());
            Files.copy(built, dir.resolve(jar), StandardCopyOption.COPY_ATTRIBUTES);
        }
        int port = freePort();
        String yaml = "watchdog:\n"
                + "  status_interval: 200ms\n"
                + "  control:\n"
                + (control ? "    port: 0\n" : "    enabled: false\n")
                + "bots:\n"
                + "  - name: demo\n"
                + "    command: ['" + java() + "', '-Xmx64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', '"
                + dir.resolve("demo-bot/target/demo-bot.jar") + "', '--port', '" + port + "']\n"
                + "    health:\n"
                + "      url: http://127.0.0.1:" + port + "/health\n"
                + "      interval: 500ms\n"
                + "      timeout: 1s\n"
                + extraBots;
        Files.writeString(dir.resolve("watchdog.yml"), yaml);
        return new UltrawatchRoot(dir, outputs, port);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A port that was free a moment ago on 127.0.0.1; the bot fails loudly if someone took it since. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Path path(String relative) {
        return dir.resolve(relative);
    }

    // ---- scripts ----

    /** What a script run printed and returned. */
    record Result(String command, int exit, String out, String err, Duration took) {
        @Override
        public String toString() {
            return command + " exited " + exit + " after " + took.toMillis() + " ms\n--- stdout:\n" + out
                    + "--- stderr:\n" + err;
        }
    }

    /** A script started and not yet waited for. */
    final class Run {
        private final String command;
        private final Process process;
        private final Path out;
        private final Path err;
        private final long startNanos;

        private Run(String command, Process process, Path out, Path err, long startNanos) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
            this.startNanos = startNanos;
        }

        Result await() {
            try {
                if (!process.waitFor(3, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not finish within 3 minutes");
                }
                Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                return new Result(command, process.exitValue(), Files.readString(out), Files.readString(err), took);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + command, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Starts {@code script} (relative to the root, e.g. {@code cron/ensure_running.sh}) in the root, with this
     * environment on top of the test JVM's (a null value removes the variable), less any ULTRA_* variable of the
     * developer's.
     */
    Run start(String script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(dir.resolve(script).toString());
        command.addAll(List.of(args));
        return startCommand(command, env);
    }

    /**
     * Runs the CLI of this root's jar ({@code java -jar watchdog/target/ultrawatch.jar ARGS}) as a person would,
     * outside the scripts.
     */
    Result cli(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar",
                dir.resolve("watchdog/target/ultrawatch.jar").toString()));
        command.addAll(List.of(args));
        return startCommand(command, Map.of()).await();
    }

    private Run startCommand(List<String> command, Map<String, String> env) {
        int n = RUNS.incrementAndGet();
        Path out = outputs.resolve(n + ".out");
        Path err = outputs.resolve(n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ULTRA_"));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            long start = System.nanoTime();
            Process p = pb.start();
            synchronized (children) {
                children.add(p);
            }
            return new Run(String.join(" ", command), p, out, err, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result run(String script, Map<String, String> env, String... args) {
        return start(script, env, args).await();
    }

    Result run(String script, String... args) {
        return run(script, Map.of(), args);
    }

    Result ensureRunning(Map<String, String> env) {
        return run("cron/ensure_running.sh", env);
    }

    Result ensureRunning() {
        return ensureRunning(Map.of());
    }

    /** Starts the suite with the start script and waits until the demo bot is RUNNING under that watchdog. */
    JsonNode startSuite() {
        Result r = run("scripts/start_ultra_reliable_bot.sh");
        if (r.exit() != 0) {
            throw new AssertionError("the start script failed: " + r);
        }
        long pid = watchdogPid().orElseThrow(() -> new AssertionError("no watchdog after " + r));
        return awaitStatus("demo RUNNING under watchdog " + pid,
                s -> s.path("watchdog").path("pid").asLong() == pid && "RUNNING".equals(demo(s).path("state").asText()));
    }

    /** Starts any other process the test needs (e.g. an unrelated sleep), killed at close. */
    Process startProcess(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        synchronized (children) {
            children.add(p);
        }
        return p;
    }

    // ---- state ----

    /** The watchdog the pid file names, if that pid is alive with the recorded start time. */
    Optional<Long> watchdogPid() {
        return pidFile("status/watchdog.pid").filter(e -> Proc.alive(e[0], e[1])).map(e -> e[0]);
    }

    /** {pid, startTicks} of a pid file. */
    Optional<long[]> pidFile(String relative) {
        try {
            String[] parts = Files.readString(dir.resolve(relative)).trim().split("\\s+");
            return Optional.of(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Live watchdog JVMs of this root (not check-config runs), found by command line in /proc. */
    List<Proc> watchdogJvms() {
        String jar = dir.resolve("watchdog/target/ultrawatch.jar").toString();
        return Proc.withCommandLineContaining(jar).stream().filter(p -> p.cmdline().contains(jar + " run")).toList();
    }

    /** Live demo bot JVMs of this root. */
    List<Proc> botJvms() {
        return Proc.withCommandLineContaining(dir.resolve("demo-bot/target/demo-bot.jar").toString());
    }

    /** The fields of status/heartbeat (the scripts' one-line status), empty when it does not exist. */
    Optional<String[]> heartbeat() {
        try {
            return Optional.of(Files.readString(dir.resolve("status/heartbeat")).strip().split(" "));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Optional<JsonNode> status() {
        try {
            return Optional.of(JSON.readTree(dir.resolve("status/status.json").toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static JsonNode demo(JsonNode status) {
        for (JsonNode bot : status.path("bots")) {
            if ("demo".equals(bot.path("name").asText())) {
                return bot;
            }
        }
        return JSON.missingNode();
    }

    JsonNode awaitStatus(String what, Predicate<JsonNode> condition) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            Optional<JsonNode> s = status();
            s.ifPresent(seen::set);
            return s.isPresent() && condition.test(s.get());
        });
        return seen.get();
    }

    /** Waits until a watchdog other than {@code oldWatchdog} supervises the demo bot {@code botPid}, RUNNING. */
    JsonNode awaitAdoptedBy(long oldWatchdog, long botPid) {
        return awaitStatus("a new watchdog supervising the adopted bot " + botPid, s -> {
            JsonNode demo = demo(s);
            long wd = s.path("watchdog").path("pid").asLong();
            return wd != oldWatchdog && Proc.alive(wd) && demo.path("pid").asLong() == botPid
                    && demo.path("adopted").asBoolean() && "RUNNING".equals(demo.path("state").asText());
        });
    }

    List<String> log(String name) {
        Path f = dir.resolve("logs").resolve(name);
        try {
            return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> autoRestartLog() {
        return log("auto_restart.log");
    }

    // ---- cleanup ----

    @Override
    public void close() {
        synchronized (children) {
            children.forEach(Process::destroyForcibly);
        }
        String root = dir.toString();
        // Watchdogs first (a live one would restart the bot we kill next), then whatever else names this folder.
        // Repeated until a scan finds nothing, in case something was being spawned while we killed.
        await("every process of " + root + " gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    List<Proc> ours = new ArrayList<>(Proc.withCommandLineContaining(root));
                    // Also what runs in this folder by a relative path (the built-in demo bot: -jar demo-bot/...).
                    Proc.workingIn(dir).stream().filter(p -> ours.stream().noneMatch(o -> o.pid() == p.pid()))
                            .forEach(ours::add);
                    ours.sort(Comparator.comparing((Proc p) -> !p.cmdline().contains("ultrawatch.jar")));
                    // SIGKILL, which also ends a SIGSTOPped JVM; a CONT first would let it run (and act) for a moment.
                    ours.forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
                    return ours.isEmpty();
                });
    }
}
