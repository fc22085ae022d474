package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalLong;

/**
 * Debian's monit: {@code monit -I -c FILE} with {@code set daemon 1} (its shortest cycle). Monit does not keep its
 * programs as children: the start program puts the bot in a session of its own and the bot writes its pid file, which
 * monit checks every cycle. Health: {@code if failed port .. protocol http request "/health" with timeout 1 seconds
 * [for N cycles] then restart} (whole seconds only). Memory: {@code if totalmem > 64 MB then restart}. The stop
 * program sends SIGTERM to the bot's process group; monit itself never escalates to SIGKILL, so in the same-budget
 * profile the stop program does it after the grace (see {@link Profile.Monit}).
 */
final class MonitTool extends Tool {
    MonitTool(Path dir, Env env) {
        super("monit", dir, env);
    }

    Path config() {
        return dir.resolve("monitrc");
    }

    @Override
    String writeConfig(List<BotSpec> bots, Profile p) throws IOException {
        Profile.Monit m = p.monit();
        StringBuilder c = new StringBuilder();
        c.append("set daemon ").append(m.cycleS()).append('\n')
                .append("set logfile ").append(dir.resolve("monit.log")).append('\n')
                .append("set pidfile ").append(dir.resolve("monit.pid")).append('\n')
                .append("set idfile ").append(dir.resolve("monit.id")).append('\n')
                .append("set statefile ").append(dir.resolve("monit.state")).append('\n')
                .append("set httpd unixsocket ").append(dir.resolve("monit.sock")).append('\n')
                .append("    allow localhost\n\n");
        for (BotSpec b : bots) {
            Path start = b.dir().resolve(b.name() + "-start.sh");
            Path stop = b.dir().resolve(b.name() + "-stop.sh");
            String startBody = "cd " + b.dir() + "\nsetsid " + String.join(" ", b.command()) + " </dev/null >>"
                    + b.outLog() + " 2>&1 &\n";
            String stopBody = stopScript(b, m);
            script(start, startBody);
            script(stop, stopBody);
            // The scripts as comments, so the config in the results shows what monit's start and stop really do.
            c.append("# ").append(start.getFileName()).append(":\n").append(commented(startBody))
                    .append("# ").append(stop.getFileName()).append(":\n").append(commented(stopBody));
            c.append("check process ").append(b.name()).append(" with pidfile ").append(b.pidFile()).append('\n')
                    .append("    start program = \"").append(start).append("\" with timeout ")
                    .append(m.startTimeoutS()).append(" seconds\n")
                    .append("    stop program = \"").append(stop).append("\" with timeout ")
                    .append(m.stopProgramTimeoutS()).append(" seconds\n")
                    .append("    if failed host 127.0.0.1 port ").append(b.port())
                    .append(" protocol http request \"/health\" with timeout ").append(m.httpTimeoutS())
                    .append(" seconds")
                    // No "for" clause: monit acts on the first failed cycle.
                    .append(m.failCycles() > 1 ? " for " + m.failCycles() + " cycles" : "").append(" then restart\n")
                    .append("    if totalmem > ").append(Profile.MEMORY_LIMIT_MB).append(" MB then restart\n\n");
        }
        Files.writeString(config(), c.toString());
        // monit refuses a control file that others can read.
        Files.setPosixFilePermissions(config(), PosixFilePermissions.fromString("rw-------"));
        return c.toString();
    }

    /**
     * SIGTERM to the bot's process group; with {@code stopEscalates}, SIGKILL to the group when the bot is still
     * there after the grace (polled every 100 ms), as supervisord's stopwaitsecs + killasgroup and ultrawatch's
     * stop.grace do.
     */
    static String stopScript(BotSpec b, Profile.Monit m) {
        String term = "pid=$(cat " + b.pidFile() + ") || exit 1\nkill -TERM -\"$pid\" 2>/dev/null"
                + " || kill -TERM \"$pid\"\n";
        if (!m.stopEscalates()) {
            return term;
        }
        return term + "n=0\nwhile kill -0 \"$pid\" 2>/dev/null; do\n"
                + "    if [ \"$n\" -ge " + m.stopGraceS() * 10 + " ]; then\n"
                + "        kill -KILL -\"$pid\" 2>/dev/null || kill -KILL \"$pid\"\n        break\n    fi\n"
                + "    sleep 0.1\n    n=$((n + 1))\ndone\nexit 0\n";
    }

    @Override
    Budget budget(Profile p) {
        Profile.Monit m = p.monit();
        return new Budget(m.cycleS() + " s (set daemon " + m.cycleS() + ")",
                m.httpTimeoutS() + " s (whole seconds only)",
                m.failCycles() == 1 ? "1 (no for clause)" : m.failCycles() + " (for " + m.failCycles() + " cycles)",
                "every cycle (" + m.cycleS() + " s), 1 sample (totalmem > " + Profile.MEMORY_LIMIT_MB + " MB)",
                m.stopEscalates()
                        ? "SIGTERM to the process group, SIGKILL after " + m.stopGraceS() + " s (by the stop program;"
                        + " monit has no escalation of its own)"
                        : "SIGTERM to the process group only (stop program timeout " + m.stopGraceS() + " s; monit"
                        + " never sends SIGKILL)",
                "start program timeout " + m.startTimeoutS() + " s (connection tests paused until the process has"
                        + " been up " + m.startTimeoutS() + " s)");
    }

    /**
     * From the bot process's start (the kernel's start time in its START stamp): monit pauses connection tests until
     * the process's uptime passes the start timeout.
     */
    @Override
    Settle settle(Profile p) {
        return new Settle("the bot process's start (its fork time)", p.monit().startTimeoutS() * 1000L
                + Settle.MARGIN_MS, "monit's start timeout " + p.monit().startTimeoutS() + " s + margin "
                + Settle.MARGIN_MS + " ms");
    }

    @Override
    OptionalLong settleReferenceMs(BotSpec bot, long pid) {
        return bot.log().start(pid).map(l -> OptionalLong.of(l.num("fork_ms"))).orElse(OptionalLong.empty());
    }

    private static String commented(String body) {
        StringBuilder out = new StringBuilder();
        body.lines().forEach(l -> out.append("#   ").append(l).append('\n'));
        return out.toString();
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    @Override
    List<String> command() {
        return List.of("monit", "-I", "-c", config().toString());
    }

    @Override
    void requestRestart(BotSpec bot) throws IOException {
        cli(List.of("monit", "-c", config().toString(), "restart", bot.name()));
    }

    @Override
    void requestStop(BotSpec bot) throws IOException {
        cli(List.of("monit", "-c", config().toString(), "stop", bot.name()));
    }
}
