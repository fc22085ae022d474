package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.process.PidFile;
import io.ultrawatch.watchdog.process.WatchdogLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reads {@code status/status.json} and the watchdog's pid file rather than calling the API, so it works while the
 * control server is disabled, and tells "not running" from "hung" (a live pid whose heartbeat stopped).
 */
@Command(name = "status", description = "Shows the watchdog and every bot: state, pid, uptime, restarts, memory.",
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:every bot is running",
                "1:some bot is not running (starting, backing off, stopped)",
                "3:the watchdog is not running, or hung (its heartbeat is stale)"})
final class StatusCommand implements Callable<Integer> {
    /** A heartbeat older than this many status intervals (and at least 3 s) means a hung watchdog. */
    static final int STALE_INTERVALS = 5;
    static final Duration MIN_STALE = Duration.ofSeconds(3);

    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Option(names = "--json", description = "Print status.json as it is (exit codes as without).")
    boolean json;

    /** The CLI's only clock, for the heartbeat's age. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Target.Dirs dirs = target.resolve(err);
        Path statusDir = dirs.statusDir();
        Optional<PidFile.Entry> watchdog = WatchdogLock.pidFile(statusDir).read().filter(PidFile.Entry::isAlive);
        if (watchdog.isEmpty()) {
            boolean deliberately = Files.exists(statusDir.resolve("STOPPED"));
            err.println("ultrawatch is not running" + (deliberately ? " (stopped on purpose: " + statusDir
                    .resolve("STOPPED") + " is present)" : "") + ". Start it with scripts/start_ultra_reliable_bot.sh");
            return Main.EXIT_NOT_RUNNING;
        }
        Path file = statusDir.resolve("status.json");
        if (!Files.exists(file)) {
            err.println("The watchdog (pid " + watchdog.get().pid() + ") runs but has not written " + file
                    + " yet; try again in a second");
            return Main.EXIT_REFUSED;
        }
        StatusView doc = StatusView.read(file);
        Duration age = doc.heartbeatAge(clock.instant());
        Duration max = dirs.statusInterval().multipliedBy(STALE_INTERVALS);
        max = max.compareTo(MIN_STALE) < 0 ? MIN_STALE : max;
        if (json) {
            out.println(doc.json());
        } else {
            doc.print(out, watchdog.get().pid(), age);
        }
        if (age.compareTo(max) > 0) {
            err.println("The watchdog (pid " + watchdog.get().pid() + ") is not responding: its heartbeat is "
                    + age.toSeconds() + " s old (limit " + max.toSeconds() + " s). cron's ensure-running restarts a"
                    + " hung watchdog; see logs/watchdog.log");
            return Main.EXIT_NOT_RUNNING;
        }
        return doc.allRunning() ? 0 : Main.EXIT_REFUSED;
    }

    static String uptime(double seconds) {
        long s = (long) seconds;
        if (s <= 0) {
            return "-";
        }
        return s >= 86400 ? s / 86400 + "d" + s % 86400 / 3600 + "h" : s >= 3600 ? s / 3600 + "h" + s % 3600 / 60 + "m"
                : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
