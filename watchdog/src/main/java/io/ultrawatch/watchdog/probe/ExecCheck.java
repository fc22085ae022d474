package io.ultrawatch.watchdog.probe;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code health.type: exec}: runs the command in the bot's working dir and environment. Exit 0 within the timeout is
 * healthy, exit 2 is degraded (alive, not ready), anything else fails. A command still running at the timeout is
 * killed with its descendants (those it forks and keeps as children; one that detaches into a session of its own is
 * out of reach, which a health check has no reason to do). The last lines of its output go into the failure's detail,
 * at most {@link #OUTPUT_TAIL} bytes, so a chatty check cannot fill the event log.
 *
 * <p>Blocking: run on a pool thread. The output is read on that thread while a timer kills the command at its
 * deadline, which closes the pipe and ends the read: no second thread per check, and a check that writes more than a
 * pipe holds never blocks on a full pipe.
 */
final class ExecCheck {
    static final int OUTPUT_TAIL = 400;
    static final int DEGRADED_EXIT = 2;

    private ExecCheck() {
    }

    /** The outcome: null error and code 0 (healthy) or 2 (degraded), else the error. */
    record Outcome(int code, String error, String output) {
    }

    static Outcome run(BotConfig bot, HealthCheck.Exec exec, Duration timeout, ScheduledExecutorService killer,
                       CheckRunner.BotEnvironments environments) {
        ProcessBuilder pb = new ProcessBuilder(exec.command()).directory(bot.workingDir().toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            // The bot's own environment, not the watchdog's: the check must see what the bot sees.
            Map<String, String> env = environments.of(bot);
            pb.environment().clear();
            pb.environment().putAll(env);
        } catch (IOException e) {
            return new Outcome(-1, "health command of " + bot.name() + " cannot run: " + e.getMessage(), "");
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Outcome(-1, "health command " + exec.command().get(0) + " could not run: " + e.getMessage(), "");
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> kill = killer.schedule(() -> {
            timedOut.set(true);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        String output = tail(p.getInputStream());
        try {
            int code = p.waitFor();
            kill.cancel(false);
            if (timedOut.get()) {
                return new Outcome(code, "health command still running after " + timeout.toMillis() + " ms: killed"
                        + said(output), output);
            }
            if (code == 0 || code == DEGRADED_EXIT) {
                return new Outcome(code, null, output);
            }
            return new Outcome(code, "health command exited " + code + said(output), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Outcome(-1, "interrupted (the watchdog is stopping)", output);
        }
    }

    /** Reads the stream to its end, keeping the last {@link #OUTPUT_TAIL} bytes. */
    private static String tail(InputStream in) {
        byte[] ring = new byte[OUTPUT_TAIL];
        long total = 0;
        byte[] buf = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    ring[(int) (total++ % OUTPUT_TAIL)] = buf[i];
                }
            }
        } catch (IOException e) {
            // The command was killed: what was read so far is the output.
        }
        int len = (int) Math.min(total, OUTPUT_TAIL);
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = ring[(int) ((total - len + i) % OUTPUT_TAIL)];
        }
        return new String(out, StandardCharsets.UTF_8).strip();
    }

    private static String said(String output) {
        return output.isEmpty() ? "" : ": " + output.replace('\n', ' ').replace('\r', ' ');
    }
}
