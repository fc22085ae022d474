package io.ultrawatch.watchdog.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment every bot starts from: a few variables of the user's login shell, recorded in
 * {@code status/env.base} when the user starts the suite or installs cron from that shell, so a bot restarted by a
 * watchdog that cron revived (cron gives {@code PATH=/usr/bin:/bin}, no {@code LANG}) gets the same environment as
 * one started from the shell. The bot's {@code env} and {@code env_file} come on top ({@link BotEnvironment}).
 *
 * <p>The file holds {@code KEY=VALUE} lines, written by {@code ultrawatch record-env} (mode 0600: a name listed in
 * {@code env_inherit} may be a token) and read as is: no quotes, no expansion. Values are never logged.
 */
public final class EnvBase {
    /** Recorded for every bot: what a login shell sets and programs rely on (locale, home, who, time zone). */
    public static final List<String> NAMES = List.of("PATH", "LANG", "LC_ALL", "HOME", "USER", "LOGNAME", "TZ",
            "SHELL");
    public static final String FILE_NAME = "env.base";

    /**
     * The watchdog's own variables: settings meant for the watchdog (the overrides, the allocator and JVM options our
     * scripts set) or for the service manager that runs it. They never reach a bot through the base, even when
     * listed in {@code env_inherit}; a bot that needs one sets it in its {@code env}.
     */
    static final Set<String> WATCHDOG_OWN = Set.of(EnvOverrides.CHECK_INTERVAL, EnvOverrides.RESTART_COOLDOWN_BASE,
            EnvOverrides.MAX_RESTART_COOLDOWN, EnvOverrides.MAX_MEMORY_MB, "MALLOC_ARENA_MAX", "JAVA_TOOL_OPTIONS",
            "NOTIFY_SOCKET");
    /** Prefixes of the watchdog's own variables ({@code ULTRAWATCH_COOKIE} is set per start by the launcher). */
    static final List<String> WATCHDOG_OWN_PREFIXES = List.of("ULTRA_", "ULTRAWATCH_", "WATCHDOG_");

    private static final String HEADER = "# The environment every bot starts from (README: \"What a bot's environment is\")."
            + " Written by ultrawatch record-env\n# from the shell that ran the start or cron setup script; cron never"
            + " writes it. Mode 0600: it may hold a token.\n";

    private EnvBase() {
    }

    /** True for a variable of the watchdog's own that never reaches a bot through the base. */
    public static boolean watchdogOwn(String name) {
        return WATCHDOG_OWN.contains(name) || WATCHDOG_OWN_PREFIXES.stream().anyMatch(name::startsWith);
    }

    public static Path file(Path statusDir) {
        return statusDir.resolve(FILE_NAME);
    }

    /** {@link #NAMES} then {@code extra}, without duplicates and without the watchdog's own variables. */
    public static Set<String> names(Collection<String> extra) {
        Set<String> names = new LinkedHashSet<>(NAMES);
        names.addAll(extra);
        names.removeIf(EnvBase::watchdogOwn);
        return names;
    }

    /**
     * The base variables {@code names} takes from {@code env}: those set there, in that order. A value with a newline
     * cannot be one line of the file and is left out.
     */
    public static Map<String, String> capture(Map<String, String> env, Collection<String> names) {
        Map<String, String> base = new LinkedHashMap<>();
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !watchdogOwn(name) && v.indexOf('\n') < 0 && v.indexOf('\0') < 0) {
                base.put(name, v);
            }
        }
        return base;
    }

    /** The file's content for {@code base}. */
    public static byte[] format(Map<String, String> base) {
        StringBuilder s = new StringBuilder(HEADER);
        base.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The recorded base, or empty when the file does not exist (never recorded: the caller falls back to its own
     * environment).
     *
     * @throws IOException when it exists but cannot be read; the message names the file, never a value
     */
    public static Optional<Map<String, String>> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        return Optional.of(parse(lines));
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> base = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq <= 0) {
                continue; // a comment, or not ours: skipped rather than failing every start of every bot
            }
            String name = line.substring(0, eq);
            if (EnvFile.NAME.matcher(name).matches() && !watchdogOwn(name)) {
                base.put(name, line.substring(eq + 1));
            }
        }
        return base;
    }

    /**
     * What a bot starts from: the names it gets ({@link #NAMES} plus its {@code env_inherit}) taken from the recorded
     * base, or, when nothing was recorded, from {@code own} (the watchdog's environment), the same names either way.
     */
    public static Map<String, String> forBot(BotConfig bot, Optional<Map<String, String>> recorded,
                                             Map<String, String> own) {
        return capture(recorded.orElse(own), names(bot.envInherit()));
    }
}
