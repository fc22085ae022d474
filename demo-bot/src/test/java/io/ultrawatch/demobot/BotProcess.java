package io.ultrawatch.demobot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real demo bot as a child JVM, started with this JVM's {@code java} and class path. Its output goes to a file
 * (not a pipe nobody drains), its port is chosen free at run time, and {@link #close()} kills it and its
 * descendants by pid. Failure messages carry the command and the tail of the output.
 */
final class BotProcess implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command;
    private final Process process;
    private final Path output;
    private final Path controlFile;
    private final int port;

    private BotProcess(List<String> command, Process process, Path output, Path controlFile, int port) {
        this.command = command;
        this.process = process;
        this.output = output;
        this.controlFile = controlFile;
        this.port = port;
    }

    /**
     * Starts the bot in {@code dir} with a fresh port, a control file {@code dir/control}, the given extra
     * environment (nothing else of ours leaks in but {@code PATH}) and extra arguments.
     */
    static BotProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        int port = freePort();
        Path control = dir.resolve("control");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", // small and quick to start
                "-cp", System.getProperty("java.class.path"),
                DemoBot.class.getName(),
                "--port", Integer.toString(port),
                "--control-file", control.toString()));
        command.addAll(List.of(args));
        Path output = dir.resolve("bot.out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        String path = System.getenv("PATH");
        builder.environment().clear();
        builder.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
        builder.environment().putAll(env);
        return new BotProcess(List.copyOf(command), builder.start(), output, control, port);
    }

    /**
     * A port that was free a moment ago. Another process may take it before the bot binds (the race every
     * "find a free port" has); the bot then exits 1 saying so, which the failure message will show.
     */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    Process process() {
        return process;
    }

    /** {@code GET /health}; throws when there is no answer within {@code timeout}. */
    HttpResponse<String> health(Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(timeout).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code /health} until it answers {@code status}; fails early if the bot exits. */
    HttpResponse<String> awaitHealth(int status, Duration timeout) {
        List<HttpResponse<String>> last = new ArrayList<>(List.of());
        Await.until("/health answers " + status, timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("bot exited with " + process.exitValue() + " while waiting for /health "
                        + status + "\n" + diagnostics());
            }
            try {
                HttpResponse<String> response = health(Duration.ofSeconds(1));
                last.clear();
                last.add(response);
                return response.statusCode() == status;
            } catch (IOException e) {
                return false; // not listening yet, or no answer in time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }, () -> (last.isEmpty() ? "no answer" : "last answer " + last.get(0).statusCode() + " "
                + last.get(0).body()) + "\n" + diagnostics());
        return last.get(0);
    }

    /** Waits until the output holds {@code text}. */
    void awaitOutput(String text, Duration timeout) {
        Await.until("output contains '" + text + "'", timeout, () -> output().contains(text), this::diagnostics);
    }

    /** Writes run-time control specs the safe way: a temporary file renamed into place. */
    void control(String... specs) throws IOException {
        Path temp = controlFile.resolveSibling("control.tmp");
        Files.writeString(temp, String.join("\n", specs) + "\n", StandardCharsets.UTF_8);
        Files.move(temp, controlFile, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits for the bot to exit and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        try {
            return process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS).exitValue();
        } catch (TimeoutException e) {
            throw new AssertionError("bot still running after " + timeout + "\n" + diagnostics(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String diagnostics() {
        String out = output();
        String tail = out.length() > 4000 ? "..." + out.substring(out.length() - 4000) : out;
        return "command: " + String.join(" ", command) + "\npid " + process.pid()
                + (process.isAlive() ? " still running" : " exited " + process.exitValue())
                + "\noutput:\n" + tail;
    }

    /** Kills the bot and everything it started, by pid; waits for the bot to be gone. */
    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(bot -> {
            bot.descendants().forEach(ProcessHandle::destroyForcibly);
            bot.destroyForcibly();
        });
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
