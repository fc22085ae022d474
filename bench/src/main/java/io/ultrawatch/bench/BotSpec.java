package io.ultrawatch.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * One bench bot as every tool starts it: the same command line, port, stamp file and pid file.
 *
 * @param name   the bot's name in the tool's config
 * @param dir    the bot's working folder (pid file, restart flag, output)
 * @param events the bot's stamp file
 */
record BotSpec(String name, int port, Path dir, Path events, Path botScript) {
    Path pidFile() {
        return dir.resolve(name + ".pid");
    }

    Path flagFile() {
        return dir.resolve(name + ".restart");
    }

    Path outLog() {
        return dir.resolve(name + ".out");
    }

    BotLog log() {
        return new BotLog(events);
    }

    List<String> command() {
        return List.of("/usr/bin/python3", "-S", "-u", botScript.toString(), "--port", Integer.toString(port),
                "--events", events.toString(), "--pidfile", pidFile().toString(),
                "--leak-limit-mb", Long.toString(Profile.MEMORY_LIMIT_MB));
    }
}
