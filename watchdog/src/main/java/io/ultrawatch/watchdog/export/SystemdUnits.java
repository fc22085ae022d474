package io.ultrawatch.watchdog.export;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.RestartConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A bot as systemd user units ({@code ~/.config/systemd/user}): {@code <bot>.service} with the same meaning as its
 * config where systemd has one, and for a health check other than {@code none} a {@code <bot>-health.timer} plus
 * {@code <bot>-health.service} that runs the check every {@code health.interval} and {@code systemctl --user
 * restart}s the bot after {@code health.failure_threshold} failures in a row (systemd itself only watches the
 * process). Every setting without an exact equivalent carries a comment saying how it differs. Pure; thread-safe.
 */
public final class SystemdUnits {
    private SystemdUnits() {
    }

    /** The unit files of one bot: its service, then the health timer and service when it has a check. */
    public static List<ExportedFile> of(BotConfig bot, ExportOptions options) {
        List<ExportedFile> files = new ArrayList<>();
        boolean checked = HealthCommands.shell(bot.health().check(), bot.health().timeout()) != null;
        files.add(new ExportedFile(bot.name() + ".service", service(bot, options, checked)));
        if (checked) {
            files.add(new ExportedFile(bot.name() + "-health.timer", healthTimer(bot)));
            files.add(new ExportedFile(bot.name() + "-health.service", healthService(bot)));
        }
        return files;
    }

    private static String header(BotConfig bot, ExportOptions options, String what) {
        return "# " + what + " of bot \"" + bot.name() + "\", written by `ultrawatch export systemd` from "
                + SystemdQuoting.text(options.source() == null ? "the built-in defaults" : options.source()) + ".\n"
                + "# Install: copy the files to ~/.config/systemd/user/, then\n"
                + "#   systemctl --user daemon-reload && systemctl --user enable --now " + bot.name() + ".service\n"
                + "# (and `loginctl enable-linger $USER` so it runs without a login). What maps and what does not:\n"
                + "# README, \"Outgrowing one box\".\n";
    }

    static String service(BotConfig bot, ExportOptions options, boolean checked) {
        RestartConfig r = bot.restart();
        StringBuilder u = new StringBuilder(header(bot, options, "Service"));
        u.append("\n[Unit]\n");
        u.append("Description=").append(SystemdQuoting.text(bot.name())).append(" (a bot, exported from ultrawatch)\n");
        u.append("# restart.max_starts in restart.max_starts_window. Not the same rule: ultrawatch HOLDs the bot and\n"
                + "# starts it again by itself once the window frees a start; systemd leaves it failed until\n"
                + "# `systemctl --user reset-failed " + bot.name() + ".service` or a start by hand.\n");
        u.append("StartLimitIntervalSec=").append(HealthCommands.seconds(r.maxStartsWindow())).append('\n');
        u.append("StartLimitBurst=").append(r.maxStarts()).append('\n');
        if (checked) {
            u.append("Wants=").append(bot.name()).append("-health.timer\n");
        }

        if (bot.health().check() instanceof HealthCheck.Notify n) {
            // The same protocol: systemd is where it comes from. NotifyAccess=all, because ultrawatch takes the
            // messages of the bot's whole tree (a shell bot's systemd-notify is a child of the bot).
            u.append("\n[Service]\n# health: notify is systemd's own protocol: READY=1, WATCHDOG=1, STATUS= work as under"
                    + " ultrawatch.\nType=notify\nNotifyAccess=all\n");
            u.append("TimeoutStartSec=").append(HealthCommands.seconds(bot.health().startupTimeout())).append('\n');
            if (n.watchdogInterval() != null) {
                u.append("WatchdogSec=").append(n.watchdogInterval().toMillis()).append("ms\n");
            }
        } else {
            u.append("\n[Service]\nType=simple\n");
        }
        u.append("WorkingDirectory=").append(SystemdQuoting.path(bot.workingDir().toString())).append('\n');
        u.append("ExecStart=").append(SystemdQuoting.commandLine(command(bot, options))).append('\n');
        if (bot.reloadSignal() != null) {
            u.append("# reload_signal: `systemctl --user reload ").append(bot.name()).append(".service` sends it.\n");
            u.append("ExecReload=/bin/kill -s ").append(bot.reloadSignal().name()).append(" $MAINPID\n");
        }
        environment(u, bot, options);
        u.append("# ultrawatch restarts a bot however it ended, the first time at once after a stable run.\n");
        u.append("Restart=always\n");
        u.append("RestartSec=").append(HealthCommands.seconds(r.backoffBase())).append('\n');
        int steps = steps(r);
        if (steps > 0) {
            u.append("# systemd 254 and later: the delay grows from RestartSec to restart.backoff_max in this many\n"
                    + "# steps (restart.backoff_factor " + r.backoffFactor() + "); older versions ignore both lines"
                    + " with a warning\n# and wait RestartSec every time. restart.jitter has no equivalent.\n");
            u.append("RestartSteps=").append(steps).append('\n');
            u.append("RestartMaxDelaySec=").append(HealthCommands.seconds(r.backoffMax())).append('\n');
        }
        if (!r.waitForFixExitCodes().isEmpty()) {
            u.append("# restart.wait_for_fix_exit_codes: not restarted after these; unlike ultrawatch, systemd does\n"
                    + "# not start it again when the env file or config changes: start it by hand once fixed.\n");
            u.append("RestartPreventExitStatus=").append(r.waitForFixExitCodes().stream().map(String::valueOf)
                    .collect(Collectors.joining(" "))).append('\n');
        }
        if (bot.memory().limited()) {
            u.append("# memory.max_mb as a cgroup limit: the kernel's OOM killer ends the bot at the limit (then\n"
                    + "# Restart= applies), where ultrawatch restarts it after memory.consecutive_samples samples over"
                    + " it.\n");
            u.append("MemoryMax=").append(bot.memory().maxMb()).append("M\n");
        } else {
            u.append("# memory.max_mb is 0: no memory limit.\n");
        }
        u.append("# stop: the signal to the whole process tree (cgroup), SIGKILL to what is left after the grace.\n");
        u.append("KillMode=control-group\n");
        u.append("KillSignal=").append(bot.stop().signal().displayName()).append('\n');
        u.append("TimeoutStopSec=").append(HealthCommands.seconds(bot.stop().grace())).append('\n');
        if (bot.schedule().enabled()) {
            u.append("# schedule.every: stopped after running this long, then started again by Restart=always\n"
                    + "# (systemd counts it as a failure; schedule.jitter has no equivalent).\n");
            u.append("RuntimeMaxSec=").append(HealthCommands.seconds(bot.schedule().every())).append('\n');
        }
        if (bot.health().check() instanceof HealthCheck.Notify) {
            u.append("# MAINPID= is believed by systemd for any pid; ultrawatch only for the bot's own tree.\n");
        } else if (!checked) {
            u.append("# health: none: systemd watches the process only, as ultrawatch does for this bot.\n");
        } else {
            u.append("# health: checked by ").append(bot.name()).append("-health.timer (systemd has no health"
                    + " probe of its own).\n");
        }
        if (bot.restartFlagFile() != null) {
            u.append("# restart_flag_file: no equivalent (a bot that wants a restart can exit instead).\n");
        }
        u.append("\n[Install]\nWantedBy=default.target\n");
        return u.toString();
    }

    private static void environment(StringBuilder u, BotConfig bot, ExportOptions options) {
        if (bot.envFile() != null) {
            u.append("# env_file, read again at every start as ultrawatch does. systemd's format is KEY=VALUE lines\n"
                    + "# too, but it also reads quotes and backslashes: check values that contain them.\n");
            u.append("EnvironmentFile=").append(SystemdQuoting.path(bot.envFile().toString())).append('\n');
        }
        if (bot.env().isEmpty()) {
            return;
        }
        if (options.includeEnv()) {
            u.append("# env: written because of --include-env; this file now holds secrets (chmod 600).\n");
            for (Map.Entry<String, String> e : new TreeMap<>(bot.env()).entrySet()) {
                u.append("Environment=").append(SystemdQuoting.assignment(e.getKey(), e.getValue())).append('\n');
            }
        } else {
            u.append("# env: ").append(bot.env().size()).append(" variable(s) left out (").append(String.join(", ",
                    new TreeMap<>(bot.env()).keySet())).append("): their values may be secrets. Add them to the\n"
                    + "# EnvironmentFile, or export again with --include-env to write them here.\n");
        }
    }

    /** The command as systemd must see it: {@code java} as the given JVM, a relative program against the folder. */
    static List<String> command(BotConfig bot, ExportOptions options) {
        List<String> words = new ArrayList<>(bot.command());
        String program = words.get(0);
        if (program.equals("java") && options.javaCommand() != null) {
            words.set(0, options.javaCommand());
        } else if (program.contains("/") && !program.startsWith("/")) {
            words.set(0, bot.workingDir().resolve(Path.of(program)).normalize().toString());
        }
        // A bare name (python3) stays: systemd looks it up in its own fixed PATH, not the watchdog's.
        return words;
    }

    /** How many steps systemd needs to grow from the base to the cap by about the factor, or 0 for no growth. */
    static int steps(RestartConfig r) {
        double base = Math.max(1, r.backoffBase().toMillis());
        double max = r.backoffMax().toMillis();
        if (r.backoffFactor() <= 1.0 || max <= base) {
            return 0;
        }
        return (int) Math.ceil(Math.log(max / base) / Math.log(r.backoffFactor()));
    }

    static String healthTimer(BotConfig bot) {
        HealthConfig h = bot.health();
        StringBuilder u = new StringBuilder();
        u.append("# Health check timer of bot \"").append(bot.name()).append("\", written by `ultrawatch export"
                + " systemd`.\n# It starts and stops with ").append(bot.name()).append(".service (Wants= there,"
                + " BindsTo= here); nothing to enable.\n");
        u.append("\n[Unit]\nDescription=Health checks of ").append(SystemdQuoting.text(bot.name())).append('\n');
        // No After= on the service: a timer is ordered before timers.target, which is before basic.target, which
        // every service is after; After= would close that cycle (systemd-analyze verify finds it).
        u.append("BindsTo=").append(bot.name()).append(".service\n");
        u.append("\n[Timer]\n");
        u.append("# The first check after health.startup_timeout (ultrawatch checks from the start and restarts a\n"
                + "# bot not healthy by then; here the early failures are simply not looked at), then every"
                + " health.interval.\n");
        u.append("OnActiveSec=").append(HealthCommands.seconds(h.startupTimeout())).append('\n');
        u.append("OnUnitActiveSec=").append(HealthCommands.seconds(h.interval())).append('\n');
        u.append("AccuracySec=1s\n");
        return u.toString();
    }

    /**
     * A oneshot that runs the check once: success clears the failure count, a failure adds one, and at
     * {@code health.failure_threshold} the bot is restarted. The count lives in the user's runtime folder
     * ({@code %t}), so it is gone after a reboot, as a restart of the watchdog forgets it.
     */
    static String healthService(BotConfig bot) {
        HealthConfig h = bot.health();
        String check = HealthCommands.shell(h.check(), h.timeout());
        String script = "if " + check + "; then rm -f \"$1\"; exit 0; fi; "
                + "n=$(( $(cat \"$1\" 2>/dev/null || echo 0) + 1 )); "
                + "if [ \"$n\" -ge \"$2\" ]; then rm -f \"$1\"; "
                + "echo \"$3 failed $n health checks in a row: restarting it\" >&2; "
                + "exec systemctl --user restart \"$3\"; fi; "
                + "echo \"$n\" > \"$1\"; echo \"health check failed ($n of $2)\" >&2; exit 1";
        StringBuilder u = new StringBuilder();
        u.append("# Health check of bot \"").append(bot.name()).append("\" (health.type ")
                .append(h.check().type().wireName()).append("), run by ").append(bot.name())
                .append("-health.timer.\n");
        u.append(comment(h.check()));
        u.append("\n[Unit]\nDescription=Health check of ").append(SystemdQuoting.text(bot.name())).append('\n');
        u.append("\n[Service]\nType=oneshot\n");
        u.append("WorkingDirectory=").append(SystemdQuoting.path(bot.workingDir().toString())).append('\n');
        if (bot.envFile() != null) {
            u.append("EnvironmentFile=").append(SystemdQuoting.path(bot.envFile().toString())).append('\n');
        }
        // The count file is a specifier (%t, the runtime folder), so it is the one word not escaped for %.
        u.append("ExecStart=/bin/sh -c ").append(SystemdQuoting.word(script)).append(' ')
                .append(SystemdQuoting.word("ultrawatch-health")).append(" \"%t/ultrawatch-").append(bot.name())
                .append(".health-failures\" ").append(SystemdQuoting.word(Integer.toString(h.failureThreshold())))
                .append(' ').append(SystemdQuoting.word(bot.name() + ".service")).append('\n');
        u.append("TimeoutStartSec=").append(HealthCommands.seconds(h.timeout()) + 5).append('\n');
        return u.toString();
    }

    private static String comment(HealthCheck check) {
        if (check instanceof HealthCheck.Http) {
            return "# Needs curl. Any 2xx is healthy; a DEGRADED answer counts as healthy too (ultrawatch's\n"
                    + "# health.degraded_grace has no equivalent).\n";
        }
        if (check instanceof HealthCheck.Tcp) {
            return "# Needs bash (its /dev/tcp) and coreutils' timeout: a connect within the timeout is healthy.\n";
        }
        if (check instanceof HealthCheck.Exec) {
            return "# The command runs in the bot's folder with its env file; exit 0 is healthy. Exit 2 (degraded)\n"
                    + "# counts as a failure here; ultrawatch keeps a degraded bot for health.degraded_grace.\n";
        }
        return "# The heartbeat file's age in whole seconds (stat and date): younger than max_age is healthy.\n";
    }
}
