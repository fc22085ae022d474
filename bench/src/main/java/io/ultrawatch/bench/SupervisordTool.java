package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
