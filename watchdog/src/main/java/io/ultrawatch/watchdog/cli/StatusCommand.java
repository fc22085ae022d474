package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.controlfile.ControlEndpoint;
import io.ultrawatch.watchdog.process.PidFile;
import io.ultrawatch.watchdog.process.ProcStat;
import io.ultrawatch.watchdog.process.WatchdogLock;
import io.ultrawatch.watchdog.status.HeartbeatLine;
import io.ultrawatch.watchdog.status.Liveness;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The status contract, decided once: {@code scripts/status.sh} runs this command, so its exit codes and its hung rule
 * are these. The verdict comes from the pid file and {@code status/heartbeat} (the watchdog's own hung limit, see
 * {@link Liveness}); {@code status.json} is only what is shown. No API call, so it works while the control server is
 * disabled, and it tells "not running" (3) from "hung" (4).
 */
@Command(name = "status", description = "Shows the watchdog and every bot: state, pid, uptime, restarts, memory.")
final class StatusCommand implements Callable<Integer> {
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
        Path statusDir = target.resolve(err).statusDir();
        Optional<HeartbeatLine> heartbeat = HeartbeatLine.read(statusDir);
        Optional<PidFile.Entry> recorded = WatchdogLock.pidFile(statusDir).read();
        Optional<PidFile.Entry> watchdog = recorded.filter(PidFile.Entry::isAlive);
        String pidFileNote = "";
        if (watchdog.isEmpty()) {
            // watchdog.pid deleted by hand: the lock is the truth, and /proc/locks names its holder.
            watchdog = WatchdogLock.holder(statusDir).flatMap(ProcStat::of)
                    .map(s -> new PidFile.Entry(s.pid(), s.startTicks()));
            pidFileNote = " (its pid file " + WatchdogLock.pidFile(statusDir).path() + " is missing or stale)";
        }
        if (watchdog.isEmpty()) {
            notRunning(out, statusDir, recorded);
            return ExitCodes.STATUS_NOT_RUNNING;
        }
        long pid = watchdog.get().pid();
        if (heartbeat.isEmpty() || heartbeat.get().pid() != pid) {
            out.println(WriteFailureProbe.check(heartbeat, pid).orElse("watchdog: pid " + pid + " runs but has"
                    + " written no heartbeat of its own yet (" + HeartbeatLine.file(statusDir) + "): starting, or"
                    + " stuck at start; try again in a second"));
            return ExitCodes.STATUS_UNKNOWN;
        }
        HeartbeatLine hb = heartbeat.get();
        Duration age = Duration.ofMillis(Math.max(0, clock.millis() - hb.heartbeatEpochMs()));
        Duration limit = Duration.ofMillis(hb.hungAfterMs());
        boolean hung = Liveness.isHung(age, limit);
        Path file = statusDir.resolve("status.json");
        StatusView doc;
        try {
            doc = StatusView.read(file);
        } catch (IOException e) {
            out.println("watchdog: pid " + pid + " runs, but " + file + " cannot be read (" + e.getMessage() + ")");
            return ExitCodes.STATUS_UNKNOWN;
        }
        Optional<String> cannotWrite = hung ? WriteFailureProbe.check(heartbeat, pid) : Optional.empty();
        String hungLine = cannotWrite.orElse("watchdog: HUNG? pid " + pid + " is alive but its heartbeat is "
                + seconds(age) + " old (limit " + seconds(limit) + "); the bot states below are that old. cron's"
                + " ensure_running.sh replaces it");
        if (json) {
            out.println(doc.json());
            if (hung) {
                err.println(hungLine);
            }
        } else {
            out.println(hung ? hungLine : "watchdog: running, pid " + pid + pidFileNote + ", " + doc.summary(age,
                    clock.instant()));
            doc.print(out, clock.instant());
        }
        // Said plainly: "port 8000 is taken by another process" (the bots are supervised; only the API is missing).
        ControlEndpoint.read(statusDir).filter(c -> c.pid() == pid && !c.serving())
                .ifPresent(c -> out.println(c.error() + " (the bots are supervised anyway)"));
        if (hung) {
            return ExitCodes.STATUS_UNKNOWN;
        }
        return hb.botsRunning() == hb.botsTotal() ? ExitCodes.STATUS_ALL_RUNNING : ExitCodes.STATUS_BOT_NOT_RUNNING;
    }

    private static void notRunning(PrintWriter out, Path statusDir, Optional<PidFile.Entry> recorded) {
        Path stopped = statusDir.resolve("STOPPED");
        if (Files.exists(stopped)) {
            String why;
            try {
                why = Files.readString(stopped).strip();
            } catch (IOException e) {
                why = stopped.toString();
            }
            out.println("watchdog: not running: stopped deliberately (" + why + "); cron leaves it stopped.");
            out.println("          start it with: scripts/start_ultra_reliable_bot.sh");
        } else {
            String why = recorded.map(e -> "pid " + e.pid() + " gone").orElse("no pid file");
            out.println("watchdog: NOT RUNNING (" + why + "). cron/ensure_running.sh revives it at its next run if"
                    + " cron is set up;");
            out.println("          start it now with: scripts/start_ultra_reliable_bot.sh");
        }
        List<String> orphans = new ArrayList<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(statusDir, "*.pid")) {
            for (Path f : pids) {
                String name = f.getFileName().toString();
                if (!name.equals("watchdog.pid")) {
                    new PidFile(f).read().filter(PidFile.Entry::isAlive).ifPresent(e -> orphans.add(
                            name.substring(0, name.length() - 4) + " (pid " + e.pid() + ")"));
                }
            }
        } catch (IOException e) {
            // no status folder: nothing was ever started here, so no bot can be left over
        }
        if (!orphans.isEmpty()) {
            out.println("bots still running without a watchdog: " + String.join(", ", orphans)
                    + "; the next watchdog adopts them.");
        }
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** 135 s -> 2m15s; 90061 s -> 1d1h. */
    static String uptime(double seconds) {
        long s = (long) seconds;
        if (s <= 0) {
            return "-";
        }
        return s >= 86400 ? s / 86400 + "d" + s % 86400 / 3600 + "h" : s >= 3600 ? s / 3600 + "h" + s % 3600 / 60 + "m"
                : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
