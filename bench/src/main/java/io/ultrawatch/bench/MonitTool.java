package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Debian's monit: {@code monit -I -c FILE} with {@code set daemon 1} (its shortest cycle). Monit does not keep its
 * programs as children: the start program puts the bot in a session of its own and the bot writes its pid file, which
 * monit checks every cycle. Health: {@code if failed port .. protocol http request "/health" with timeout 1 seconds
 * for 2 cycles then restart} (whole seconds only). Memory: {@code if totalmem > 64 MB then restart}. The stop
 * program sends SIGTERM to the bot's process group; monit itself never escalates to SIGKILL.
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
        StringBuilder c = new StringBuilder();
        c.append("set daemon 1\n")
                .append("set logfile ").append(dir.resolve("monit.log")).append('\n')
                .append("set pidfile ").append(dir.resolve("monit.pid")).append('\n')
                .append("set idfile ").append(dir.resolve("monit.id")).append('\n')
                .append("set statefile ").append(dir.resolve("monit.state")).append('\n')
                .append("set httpd unixsocket ").append(dir.resolve("monit.sock")).append('\n')
                .append("    allow localhost\n\n");
        for (BotSpec b : bots) {
            Path start = b.dir().resolve(b.name() + "-start.sh");
            Path stop = b.dir().resolve(b.name() + "-stop.sh");
            script(start, "cd " + b.dir() + "\nsetsid " + String.join(" ", b.command()) + " </dev/null >>"
                    + b.outLog() + " 2>&1 &\n");
            script(stop, "pid=$(cat " + b.pidFile() + ") || exit 1\nkill -TERM -\"$pid\" 2>/dev/null"
                    + " || kill -TERM \"$pid\"\n");
            c.append("check process ").append(b.name()).append(" with pidfile ").append(b.pidFile()).append('\n')
                    .append("    start program = \"").append(start).append("\" with timeout 10 seconds\n")
                    .append("    stop program = \"").append(stop).append("\" with timeout ").append(Profile.GRACE_S)
                    .append(" seconds\n")
                    .append("    if failed host 127.0.0.1 port ").append(b.port())
                    .append(" protocol http request \"/health\" with timeout 1 seconds for ")
                    .append(Profile.PROBE_FAILURES).append(" cycles then restart\n")
                    .append("    if totalmem > ").append(Profile.MEMORY_LIMIT_MB).append(" MB then restart\n\n");
        }
        Files.writeString(config(), c.toString());
        // monit refuses a control file that others can read.
        Files.setPosixFilePermissions(config(), PosixFilePermissions.fromString("rw-------"));
        return c.toString();
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
