package io.ultrawatch.watchdog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that asks the running watchdog to do one thing through its API and reports the answer. */
abstract class ApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    /** The API path to POST, e.g. {@code /api/bots/demo/restart}. */
    abstract String path();

    @Override
    public Integer call() {
        Target.Dirs dirs = target.resolve(spec.commandLine().getErr());
        try {
            ControlClient.Answer a = ControlClient.connect(dirs.statusDir()).post(path());
            if (a.ok()) {
                spec.commandLine().getOut().println(a.message());
                return ExitCodes.OK;
            }
            spec.commandLine().getErr().println(a.message());
            return ExitCodes.FAILED;
        } catch (ControlClient.Unreachable e) {
            // No watchdog to ask is a failed action too: the message says why and what to do.
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    static String botPath(String bot, String action) {
        return "/api/bots/" + java.net.URLEncoder.encode(bot, java.nio.charset.StandardCharsets.UTF_8) + "/"
                + action;
    }
}
