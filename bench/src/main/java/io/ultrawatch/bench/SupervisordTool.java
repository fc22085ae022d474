package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalLong;

/**
 * Debian's supervisor: {@code supervisord -n -c FILE}. No health check and no memory limit exist in it (memmon is a
 * separate superlance plug-in, not in Debian's supervisor package), so only exits are acted on. Tightest settings:
 * autorestart, startsecs=0 (RUNNING at once, every exit is restarted without the FATAL give-up), stopasgroup and
 * killasgroup (signals go to the bot's process group), stopwaitsecs = the shared grace.
 */
final class SupervisordTool extends Tool {
    SupervisordTool(Path dir, Env env) {
        super("supervisord", dir, env);
    }

    Path config() {
        return dir.resolve("supervisord.conf");
    }

    @Override
    String writeConfig(List<BotSpec> bots, Profile p) throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("[supervisord]\nnodaemon=true\nlogfile=").append(dir.resolve("supervisord.log"))
                .append("\npidfile=").append(dir.resolve("supervisord.pid"))
                .append("\nchildlogdir=").append(dir).append("\nloglevel=info\n\n")
                .append("[unix_http_server]\nfile=").append(dir.resolve("supervisor.sock")).append("\n\n")
                .append("[rpcinterface:supervisor]\n")
                .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n")
                .append("[supervisorctl]\nserverurl=unix://").append(dir.resolve("supervisor.sock")).append("\n\n");
        for (BotSpec b : bots) {
            c.append("[program:").append(b.name()).append("]\ncommand=").append(String.join(" ", b.command()))
                    .append("\ndirectory=").append(b.dir())
                    .append("\nautostart=true\nautorestart=true\nstartsecs=0\nstartretries=1000\n")
                    .append("stopsignal=TERM\nstopwaitsecs=").append(Profile.GRACE_S)
                    .append("\nstopasgroup=true\nkillasgroup=true\nredirect_stderr=true\nstdout_logfile=")
                    .append(b.outLog()).append("\n\n");
        }
        Files.writeString(config(), c.toString());
        return c.toString();
    }

    @Override
    Budget budget(Profile p) {
        return new Budget("none (no health checks)", "–", "– (acts on exits only)",
                "none (no memory check)", "SIGTERM to the process group, SIGKILL after " + Profile.GRACE_S
                        + " s (stopwaitsecs, killasgroup)",
                "startsecs=0 (RUNNING at once; every exit is restarted)");
    }

    /**
     * From supervisord's own "entered RUNNING state" for the bot's pid (at once with startsecs=0), plus a margin: one
     * pass of its 1 s main loop.
     */
    @Override
    Settle settle(Profile p) {
        return new Settle("supervisord.log: the bot's pid entered RUNNING state", Settle.MARGIN_MS,
                "margin: one pass of its 1 s loop");
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @Override
    OptionalLong settleReferenceMs(BotSpec bot, long pid) throws IOException {
        Path log = dir.resolve("supervisord.log");
        if (!Files.exists(log)) {
            return OptionalLong.empty();
        }
        return runningAt(Files.readAllLines(log), bot.name(), pid);
    }

    /**
     * The time of the first "success: NAME entered RUNNING state" after "spawned: 'NAME' with pid PID" in
     * supervisord's log (its times are local, to the millisecond).
     */
    static OptionalLong runningAt(List<String> lines, String name, long pid) {
        boolean spawned = false;
        for (String l : lines) {
            if (l.contains("spawned: '" + name + "' with pid " + pid) && l.endsWith(" " + pid)) {
                spawned = true;
            } else if (spawned && l.contains("success: " + name + " entered RUNNING state") && l.length() >= 23) {
                return OptionalLong.of(LocalDateTime.parse(l.substring(0, 23), LOG_TIME)
                        .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
            }
        }
        return OptionalLong.empty();
    }

    @Override
    List<String> command() {
        return List.of("supervisord", "-n", "-c", config().toString());
    }

    @Override
    void requestRestart(BotSpec bot) throws IOException {
        cli(List.of("supervisorctl", "-c", config().toString(), "restart", bot.name()));
    }

    @Override
    void requestStop(BotSpec bot) throws IOException {
        cli(List.of("supervisorctl", "-c", config().toString(), "stop", bot.name()));
    }
}
