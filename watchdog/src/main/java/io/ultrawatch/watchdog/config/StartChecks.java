package io.ultrawatch.watchdog.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What will fail when a bot starts, found before it does: a program not on the PATH the bot will get (the recorded
 * base, so also after a revival by cron), a missing working dir or env file, an env file others can read, two bots
 * probing one port. Used by {@code check-config} (errors exit 78, warnings do not) and logged by the watchdog at
 * start; the launcher runs the per-bot checks again before every spawn.
 *
 * <p>Kept out of {@link ConfigLoader#load}: the disk may change after a load (a folder created later), and a reload
 * must not fail on it.
 */
public final class StartChecks {
    /** One finding; {@code message} names file, field, value and what is wrong, never an environment value. */
    public record Finding(boolean error, String message) {
        @Override
        public String toString() {
            return (error ? "" : "warning: ") + message;
        }
    }

    private StartChecks() {
    }

    /**
     * Every finding for {@code config}, in file order.
     *
     * @param own the environment of the caller, the base when {@code status/env.base} was never recorded
     */
    public static List<Finding> check(WatchdogConfig config, Map<String, String> own) {
        List<Finding> findings = new ArrayList<>();
        Optional<Map<String, String>> recorded;
        Path baseFile = EnvBase.file(config.watchdog().statusDir());
        try {
            recorded = EnvBase.read(baseFile);
            if (recorded.isEmpty()) {
                findings.add(new Finding(false, baseFile + " does not exist: the bots get PATH, LANG and the other"
                        + " base variables from the watchdog's own environment, which is cron's after a revival; record"
                        + " yours with scripts/start_ultra_reliable_bot.sh or scripts/setup_bot_cron.sh"));
            }
        } catch (IOException e) {
            findings.add(new Finding(false, e.getMessage() + "; the bots get their base variables from the"
                    + " watchdog's own environment instead"));
            recorded = Optional.empty();
        }
        Map<Integer, Integer> ports = new HashMap<>();
        List<BotConfig> bots = config.bots();
        for (int i = 0; i < bots.size(); i++) {
            BotConfig bot = bots.get(i);
            String where = config.sourceLabel() + ": bots[" + i + "]";
            findings.addAll(bot(where, bot, EnvBase.forBot(bot, recorded, own)));
            URI url = bot.health().url();
            if (url == null) {
                continue;   // not an HTTP check: the loader already refuses two bots on one port or file
            }
            int port = port(url);
            Integer other = ports.putIfAbsent(port, i);
            if (other != null) {
                findings.add(new Finding(true, where + ".health.url '" + url + "' uses port " + port + ", which"
                        + " bots[" + other + "].health.url '" + bots.get(other).health().url() + "' uses too: each"
                        + " bot needs a health port of its own"));
            }
        }
        return findings;
    }

    /**
     * The checks of one bot.
     *
     * @param where the prefix of every message: {@code "watchdog.yml: bots[1]"}, or {@code "bot 'discord':"}-like
     *     text, followed by {@code .working_dir}, {@code .env_file}, {@code .command[0]}
     * @param base the bot's base variables ({@link EnvBase#forBot})
     */
    public static List<Finding> bot(String where, BotConfig bot, Map<String, String> base) {
        List<Finding> findings = new ArrayList<>();
        Optional<String> dir = workingDir(bot.workingDir());
        dir.ifPresent(p -> findings.add(new Finding(true, where + ".working_dir '" + bot.workingDir() + "' " + p)));
        Map<String, String> fileVars = Map.of();
        if (bot.envFile() != null) {
            Optional<String> file = envFile(bot.envFile());
            if (file.isPresent()) {
                findings.add(new Finding(true, where + ".env_file '" + bot.envFile() + "' " + file.get()));
            } else {
                try {
                    fileVars = EnvFile.read(bot.envFile());
                } catch (IOException e) {
                    findings.add(new Finding(true, where + ".env_file " + e.getMessage()));
                }
                othersMayRead(bot.envFile()).ifPresent(mode -> findings.add(new Finding(false, where + ".env_file '"
                        + bot.envFile() + "' is readable by other users (mode " + mode + "); it holds secrets: chmod"
                        + " 600 " + bot.envFile())));
            }
        }
        if (dir.isEmpty() && !bot.command().isEmpty()) {
            String path = BotEnvironment.build(base, bot, fileVars).get("PATH");
            String program = bot.command().get(0);
            Executables.problem(program, path, bot.workingDir()).ifPresent(p -> findings.add(
                    new Finding(true, where + ".command[0] '" + program + "' " + p)));
        }
        return findings;
    }

    /** What is wrong with running a bot in {@code dir}, or empty. */
    public static Optional<String> workingDir(Path dir) {
        if (!Files.exists(dir)) {
            return Optional.of("does not exist");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("is not a folder");
        }
        if (!Files.isExecutable(dir)) {
            return Optional.of("cannot be entered: permission denied");
        }
        return Optional.empty();
    }

    /** What is wrong with reading {@code file}, or empty. */
    public static Optional<String> envFile(Path file) {
        if (!Files.exists(file)) {
            return Optional.of("does not exist");
        }
        if (Files.isDirectory(file)) {
            return Optional.of("is a folder, not a file");
        }
        if (!Files.isReadable(file)) {
            return Optional.of("cannot be read: permission denied");
        }
        return Optional.empty();
    }

    /** The file's mode when its group or others may read it. */
    static Optional<String> othersMayRead(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of(Executables.mode(file));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions to judge (another file system): nothing to warn about.
        }
        return Optional.empty();
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
