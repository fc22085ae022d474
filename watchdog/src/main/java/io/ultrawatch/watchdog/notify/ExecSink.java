package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with the message as JSON ({@link Notification#toJson()}) on stdin. Exit 0 is sent; another exit code
 * or a run longer than the timeout (then the command and its children are killed) is retried. Its stdout is
 * discarded, its stderr goes to the watchdog's (so a script's complaint lands in the console log). Called by one
 * thread at a time.
 */
final class ExecSink implements Sink {
    private final String name;
    private final List<String> command;
    private final Duration timeout;

    ExecSink(String name, List<String> command, Duration timeout) {
        this.name = name;
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public SendResult send(Notification n) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            // Not found or not executable: trying again will not help until someone fixes the config.
            return SendResult.failed(0, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(Json.bytes(n.toJson()));
        } catch (IOException e) {
            // The command did not read its stdin (closed it or exited): its exit code says whether that is fine.
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return SendResult.retry(0, "timeout after " + timeout.toMillis() + " ms (killed)");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return SendResult.failed(0, "interrupted (the watchdog is stopping)");
        }
        int exit = p.exitValue();
        return exit == 0 ? SendResult.sent(0, "exit 0") : SendResult.retry(exit, "exit " + exit);
    }

    @Override
    public String toString() {
        return "ExecSink[" + name + ", " + command + "]";
    }
}
