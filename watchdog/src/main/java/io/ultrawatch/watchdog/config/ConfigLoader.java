package io.ultrawatch.watchdog.config;

import io.ultrawatch.watchdog.model.Signal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code watchdog.yml} into a {@link WatchdogConfig}, validating everything at once: a bad file gives one
 * {@link ConfigException} listing every problem, each as {@code <file>: <field path> <rule>, but was <value>}.
 *
 * <p>The YAML keys and rules are documented on the config records and in {@code watchdog.example.yml} at the top of
 * the repository. The defaults are the records' {@code DEFAULTS} constants ({@link HealthConfig#DEFAULTS}...);
 * {@code ExampleConfigTest} holds the example's {@code (default: ...)} comments to them. Unknown keys are errors (a
 * typo must not silently fall back to a default). After the file, the environment variables {@code CHECK_INTERVAL},
 * {@code RESTART_COOLDOWN_BASE}, {@code MAX_RESTART_COOLDOWN} and {@code MAX_MEMORY_MB} override
 * {@code health.interval}, {@code restart.backoff_base}, {@code restart.backoff_max} and {@code memory.max_mb} of every
 * bot.
 *
 * <p>Relative paths become absolute: {@code status_dir}, {@code log_dir} and {@code working_dir} against the config
 * file's folder (the working directory when there is no file); {@code env_file} and {@code restart_flag_file} against
 * the bot's {@code working_dir}. Nothing is checked on disk: a missing working dir or env file is reported when the
 * bot starts, so a reload never fails on a folder that is created later.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigLoader {
    // Limits. The defaults are the DEFAULTS constants of the records (HealthConfig.DEFAULTS...), so that the loader,
    // the tests and the check of watchdog.example.yml's comments read the same values.
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final long MIN_MEMORY_MB = 16;
    static final String MEMORY_RULE = "must be 0 (no limit) or at least " + MIN_MEMORY_MB;
    /** A log file that rotates at more than a TiB is a typo, and maxSizeBytes() must not overflow. */
    static final long MAX_LOG_SIZE_MB = 1_048_576;
    static final List<Signal> STOP_SIGNALS = List.of(Signal.HUP, Signal.INT, Signal.QUIT, Signal.TERM, Signal.USR1,
            Signal.USR2, Signal.KILL);
    /** KILL cannot be caught, so it can never mean "reload". */
    static final List<Signal> RELOAD_SIGNALS = List.of(Signal.HUP, Signal.INT, Signal.QUIT, Signal.TERM, Signal.USR1,
            Signal.USR2);
    static final Pattern BOT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    static final String DEMO_NAME = "demo";
    static final List<String> DEMO_COMMAND = List.of("java", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-jar", "demo-bot/target/demo-bot.jar");
    /** The flag file name bots of the original suite already write to ask for a restart. */
    static final String DEMO_RESTART_FLAG = ".discord_bot_restart";
    /** The demo bot's port variable (demo-bot's BotOptions reads the same). */
    static final String DEMO_PORT_VARIABLE = "HEALTH_PORT";

    /** A start budget over less than a minute would hold a bot for its own backoff. */
    static final Duration MIN_START_WINDOW = Duration.ofMinutes(1);
    static final Duration MIN_SCHEDULE = Duration.ofSeconds(10);

    // The keys of each section; package-private so that ExampleConfigTest can hold the example file to all of them.
    static final List<String> TOP_KEYS = List.of("watchdog", "bots", "notify");
    static final List<String> WATCHDOG_KEYS =
            List.of("status_dir", "log_dir", "status_interval", "control", "log");
    static final List<String> CONTROL_KEYS = List.of("enabled", "host", "port", "open_metrics");
    static final List<String> LOG_KEYS = List.of("max_size_mb", "keep");
    static final List<String> BOT_KEYS = List.of("name", "command", "working_dir", "env", "env_file",
            "env_inherit", "health", "memory", "restart", "stop", "schedule", "restart_flag_file", "reload_signal",
            "log");
    static final List<String> HEALTH_KEYS = List.of("type", "url", "host", "port", "command", "path", "max_age",
            "startup_grace", "watchdog_interval", "interval", "timeout", "failure_threshold", "startup_timeout",
            "stop_grace", "degraded_grace");
    /** The keys that belong to one health type; the others may not be given with it. */
    static final Map<HealthCheck.Type, List<String>> HEALTH_TYPE_KEYS = Map.of(
            HealthCheck.Type.HTTP, List.of("url"), HealthCheck.Type.TCP, List.of("host", "port"),
            HealthCheck.Type.EXEC, List.of("command"), HealthCheck.Type.FILE, List.of("path", "max_age"),
            HealthCheck.Type.NOTIFY, List.of("watchdog_interval"), HealthCheck.Type.NONE, List.of("startup_grace"));
    static final String HEALTH_CHOICES = "http (with url), tcp (with port), exec (with command), file (with path and"
            + " max_age), notify (sd_notify, with watchdog_interval) or none";
    static final List<String> MEMORY_KEYS = List.of("max_mb", "sample_interval", "consecutive_samples");
    static final List<String> RESTART_KEYS =
            List.of("backoff_base", "backoff_factor", "backoff_max", "jitter", "stable_after", "max_starts",
                    "max_starts_window", "wait_for_fix_exit_codes", "wait_for_fix_watch");
    static final List<String> STOP_KEYS = List.of("signal", "grace");
    static final List<String> SCHEDULE_KEYS = List.of("every", "jitter");

    private ConfigLoader() {
    }

    /**
     * Reads the config file, or returns {@link #defaults} for the working directory when {@code file} is null.
     *
     * @param file the YAML file, or {@code null} to run on built-in defaults; relative paths in it resolve against
     *     its folder, and messages name it as given here
     * @param env the process environment (usually {@code System.getenv()}), for the overrides
     * @throws ConfigException listing every problem, also when the file is missing or unreadable
     */
    public static WatchdogConfig load(Path file, Map<String, String> env) throws ConfigException {
        Objects.requireNonNull(env, "env");
        if (file == null) {
            return build(null, null, Path.of("").toAbsolutePath(), env);
        }
        String label = file.toString();
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new ConfigException(List.of(label + ": is a folder; name the YAML file itself"));
        }
        String text;
        try {
            text = Files.readString(absolute);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(label + ": no such file"
                    + (file.isAbsolute() ? "" : " (looked for " + absolute + ")")));
        } catch (AccessDeniedException e) {
            throw new ConfigException(List.of(label + ": cannot be read: permission denied"));
        } catch (MalformedInputException e) {
            throw new ConfigException(List.of(label + ": is not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(List.of(label + ": cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
        return parse(text, file, absolute.getParent(), env);
    }

    /**
     * The configuration without a file: the watchdog defaults and one bot, {@code demo}, that runs
     * {@code java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar demo-bot/target/demo-bot.jar} in
     * {@code baseDir} with restart flag file {@code baseDir/.discord_bot_restart}. The environment overrides apply.
     *
     * @throws IllegalArgumentException when an environment override is invalid; its message lists the problems.
     *     Use {@code load(null, env)} to get them as a {@link ConfigException}.
     */
    public static WatchdogConfig defaults(Path baseDir, Map<String, String> env) {
        try {
            return build(null, null, baseDir, env);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Parses YAML text as if read from {@code source}.
     *
     * @param source the file name for messages and {@link WatchdogConfig#source()}, or {@code null} ("(defaults)")
     * @param baseDir the folder relative paths resolve against (made absolute)
     * @throws ConfigException listing every problem
     */
    public static WatchdogConfig parse(String yaml, Path source, Path baseDir, Map<String, String> env)
            throws ConfigException {
        Objects.requireNonNull(yaml, "yaml");
        Problems problems = new Problems();
        Optional<YamlNode> root = YamlTree.parse(yaml, label(source), problems);
        if (root.isEmpty()) {
            // A syntax error leaves no tree to check; the environment is still checked so both are fixed at once.
            EnvOverrides.read(Objects.requireNonNull(env, "env"), problems);
            problems.throwIfAny();
        }
        return build(root.orElse(null), source, baseDir, env, problems);
    }

    /** @param root the document, or {@code null} for none (the defaults) */
    private static WatchdogConfig build(YamlNode root, Path source, Path baseDir, Map<String, String> env)
            throws ConfigException {
        return build(root, source, baseDir, env, new Problems());
    }

    private static WatchdogConfig build(YamlNode root, Path source, Path baseDir, Map<String, String> env,
                                        Problems problems) throws ConfigException {
        Objects.requireNonNull(env, "env");
        Path base = baseDir.toAbsolutePath().normalize();
        Problems envProblems = new Problems();
        EnvOverrides overrides = EnvOverrides.read(env, envProblems);

        ConfigNode top = ConfigNode.root(root, label(source), problems);
        top.checkMap("a map with the keys watchdog, bots and notify", TOP_KEYS);
        WatchdogSettings settings = settings(top.get("watchdog"), base);
        ConfigNode botsNode = top.get("bots");
        // HEALTH_PORT concerns the demo bot only: a file's bots never read it, so it is not even checked then.
        URI demoUrl = botsNode.given() ? null : demoHealthUrl(env, envProblems);
        List<BotConfig> bots = bots(botsNode, base, overrides, demoUrl);
        NotifyConfig notifications = NotifyConfigReader.read(top.get("notify"), base);

        problems.addAll(envProblems);
        problems.throwIfAny();
        return new WatchdogConfig(source, base, settings, bots, notifications);
    }

    private static String label(Path source) {
        return source == null ? "(defaults)" : source.toString();
    }

    private static WatchdogSettings settings(ConfigNode n, Path base) {
        n.checkMap("a map of watchdog settings", WATCHDOG_KEYS);
        Path statusDir = n.get("status_dir").resolvedPath(base.resolve(WatchdogSettings.DEFAULTS.statusDir()), base);
        Path logDir = n.get("log_dir").resolvedPath(base.resolve(WatchdogSettings.DEFAULTS.logDir()), base);
        Duration statusInterval =
                n.get("status_interval").duration(WatchdogSettings.DEFAULTS.statusInterval(), MIN_INTERVAL);
        ConfigNode c = n.get("control");
        c.checkMap("a map", CONTROL_KEYS);
        ControlConfig control = new ControlConfig(
                c.get("enabled").bool(ControlConfig.DEFAULTS.enabled()),
                c.get("host").nonEmptyString(ControlConfig.DEFAULTS.host()).strip(),
                (int) c.get("port").whole(ControlConfig.DEFAULTS.port(), 0, 65535),
                c.get("open_metrics").bool(ControlConfig.DEFAULTS.openMetrics()));
        return new WatchdogSettings(statusDir, logDir, statusInterval, control, log(n.get("log")));
    }

    private static LogConfig log(ConfigNode n) {
        n.checkMap("a map", LOG_KEYS);
        return new LogConfig(n.get("max_size_mb").whole(LogConfig.DEFAULTS.maxSizeMb(), 1, MAX_LOG_SIZE_MB),
                (int) n.get("keep").whole(LogConfig.DEFAULTS.keep(), 0, 100));
    }

    /**
     * The demo bot's health URL: port {@code HEALTH_PORT} when set, the variable the demo bot itself listens on (it
     * inherits the watchdog's environment), so a second demo suite, or a test, can run beside one on 5001.
     */
    private static URI demoHealthUrl(Map<String, String> env, Problems problems) {
        String text = env.get(DEMO_PORT_VARIABLE);
        if (text == null || text.isBlank()) {
            return HealthConfig.DEFAULTS.url();
        }
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return URI.create("http://127.0.0.1:" + port + "/health");
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(EnvOverrides.PREFIX + DEMO_PORT_VARIABLE + " (the demo bot's health port) must be a port from"
                + " 1 to 65535, but was '" + text + "'");
        return HealthConfig.DEFAULTS.url();
    }

    private static List<BotConfig> bots(ConfigNode n, Path base, EnvOverrides overrides, URI demoUrl) {
        List<BotConfig> bots = new ArrayList<>();
        if (!n.given()) {
            ConfigNode none = n.at(0);
            BotConfig demo = bot(none, DEMO_NAME, DEMO_COMMAND, base, base.resolve(DEMO_RESTART_FLAG), demoUrl,
                    overrides, true);
            if (demoUrl.getPort() != HealthConfig.DEFAULTS.url().getPort()) {
                // The demo bot listens on HEALTH_PORT, and a bot inherits nothing of the watchdog's environment
                // (BotEnvironment): it is passed on by name, as the bot's own variable.
                demo = new BotConfig(demo.name(), demo.command(), demo.workingDir(),
                        Map.of(DEMO_PORT_VARIABLE, Integer.toString(demoUrl.getPort())), demo.envFile(),
                        demo.health(), demo.memory(), demo.restart(), demo.stop(), demo.schedule(),
                        demo.restartFlagFile(), demo.reloadSignal(), demo.log(), demo.envInherit());
            }
            bots.add(demo);
            return bots;
        }
        if (n.present() && !n.isList()) {
            n.invalid("must be a list of bots, each starting with '- name:'");
            return bots;
        }
        List<ConfigNode> entries = n.elements();
        if (entries.isEmpty()) {
            // Also for "bots:" with nothing after it: starting the demo bot there would surprise more than help.
            n.error("must list at least one bot");
            return bots;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ConfigNode b = entries.get(i);
            if (!b.isMap()) {
                b.invalid("must be a map with at least name and command");
                continue;
            }
            b.checkMap("a map with at least name and command", BOT_KEYS);
            String name = uniqueName(b.get("name"), i, seen, "bots");
            List<String> command = command(b.get("command"));
            Path workingDir = b.get("working_dir").resolvedPath(base, base);
            bots.add(bot(b, name, command, workingDir, null, HealthConfig.DEFAULTS.url(), overrides,
                    entries.size() == 1));
        }
        checkSharedTargets(entries, bots);
        return bots;
    }

    /** Two bots that probe one URL, port or file: one would be judged by the other's health. */
    private static void checkSharedTargets(List<ConfigNode> entries, List<BotConfig> bots) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < bots.size(); i++) {
            HealthCheck check = bots.get(i).health().check();
            String target = check.target() == null ? null : check.type() + " " + check.target();
            Integer other = target == null ? null : seen.putIfAbsent(target, i);
            if (other != null) {
                entries.get(i).get("health").error("checks the same " + check.type().wireName() + " target "
                        + check.target() + " as bots[" + other + "] (" + bots.get(other).name() + "): each bot must"
                        + " be judged by its own health, so give each its own port, URL or file");
            }
        }
    }

    /**
     * A name of a list entry (a bot, a notification sink): required, {@link #BOT_NAME}'s shape, unique in the list.
     *
     * @param list the list's path for the message ({@code bots}, {@code notify.sinks})
     */
    static String uniqueName(ConfigNode n, int index, Map<String, Integer> seen, String list) {
        if (!n.present()) {
            n.error("is required");
            return "";
        }
        String name = n.string("");
        if (!n.isText()) {
            return "";
        }
        if (!BOT_NAME.matcher(name).matches()) {
            n.invalid("must be 1 to 63 lowercase letters, digits, '-' or '_', starting with a letter or digit");
            return name;
        }
        Integer other = seen.putIfAbsent(name, index);
        if (other != null) {
            n.error("must be unique, but '" + name + "' is also the name of " + list + "[" + other + "]");
        }
        return name;
    }

    /** A program and its arguments: a non-empty list of strings (bots[].command, an exec sink's command). */
    static List<String> command(ConfigNode n) {
        List<String> command = new ArrayList<>();
        if (!n.present()) {
            n.error("is required: the program and its arguments, like [\"java\", \"-jar\", \"bot.jar\"]");
            return command;
        }
        if (n.isText()) {
            // The one-string form would need shell word splitting and quoting rules; a list says exactly what runs.
            n.error("must be a list of strings, but was a single string " + n.shown() + "; write it as "
                    + listForm(n.text()));
            return command;
        }
        if (!n.isList()) {
            n.invalid("must be a list of strings");
            return command;
        }
        List<ConfigNode> parts = n.elements();
        if (parts.isEmpty()) {
            n.error("must not be empty: list the program and its arguments");
            return command;
        }
        for (ConfigNode part : parts) {
            if (!part.isText()) {
                part.invalid("must be a string");
            } else if (command.isEmpty() && part.text().isBlank()) {
                part.error("must not be empty: it is the program to run");
            }
            command.add(part.isText() ? part.text() : "");
        }
        return command;
    }

    private static String listForm(String command) {
        return command.strip().isEmpty() ? "[\"program\", \"argument\"]"
                : "[" + Arrays.stream(command.strip().split("\\s+"))
                        .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                        .collect(Collectors.joining(", ")) + "]";
    }

    private static BotConfig bot(ConfigNode b, String name, List<String> command, Path workingDir,
                                 Path defaultFlagFile, URI defaultUrl, EnvOverrides overrides, boolean onlyBot) {
        Map<String, String> env = env(b.get("env").secret());
        Path envFile = b.get("env_file").resolvedPath(null, workingDir);
        HealthConfig health = health(b.get("health"), overrides, name, onlyBot, workingDir, defaultUrl);
        MemoryConfig memory = memory(b.get("memory"), overrides);
        RestartConfig restart = restart(b.get("restart"), overrides, workingDir);
        ConfigNode s = b.get("stop");
        s.checkMap("a map", STOP_KEYS);
        StopConfig stop = new StopConfig(s.get("signal").signal(StopConfig.DEFAULTS.signal(), STOP_SIGNALS),
                s.get("grace").duration(StopConfig.DEFAULTS.grace(), Duration.ZERO));
        ConfigNode sc = b.get("schedule");
        sc.checkMap("a map", SCHEDULE_KEYS);
        ScheduleConfig schedule = new ScheduleConfig(sc.get("every").durationOrOff(MIN_SCHEDULE),
                sc.get("jitter").duration(ScheduleConfig.DEFAULTS.jitter(), Duration.ZERO));
        Path flagFile = b.get("restart_flag_file").resolvedPath(defaultFlagFile, workingDir);
        Signal reloadSignal = b.get("reload_signal").signal(null, RELOAD_SIGNALS);
        return new BotConfig(name, command, workingDir, env, envFile, health, memory, restart, stop, schedule,
                flagFile, reloadSignal, log(b.get("log")), envInherit(b.get("env_inherit")));
    }

    /** Names of variables the bot takes from the recorded base (status/env.base); see {@link EnvBase}. */
    private static List<String> envInherit(ConfigNode n) {
        if (!n.present()) {
            return List.of();
        }
        if (!n.isList()) {
            n.invalid("must be a list of variable names like [DISCORD_TOKEN]");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (ConfigNode e : n.elements()) {
            if (!e.isText()) {
                e.invalid("must be a variable name");
            } else if (!EnvFile.NAME.matcher(e.text()).matches()) {
                e.error("must be a variable name (letters, digits and '_', not starting with a digit), but was "
                        + e.shown());
            } else if (EnvBase.watchdogOwn(e.text())) {
                e.error("names the watchdog's own variable " + e.shown() + ", which never reaches a bot through"
                        + " the base; set it in the bot's env instead");
            } else if (!names.contains(e.text())) {
                names.add(e.text());
            }
        }
        return names;
    }

    /** Values are secrets: messages name the variable, never its value (the node is {@code secret()}). */
    private static Map<String, String> env(ConfigNode n) {
        Map<String, String> env = new LinkedHashMap<>();
        if (n.present() && !n.isMap()) {
            n.invalid("must be a map of NAME: value");
            return env;
        }
        for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
            String key = e.getKey();
            ConfigNode v = e.getValue();
            if (!EnvFile.NAME.matcher(key).matches()) {
                v.error("is not a valid variable name: use letters, digits and '_', not starting with a digit");
            } else if (!v.present()) {
                v.error("has no value; write " + key + ": \"\" for an empty one");
            } else if (!v.isText()) {
                v.invalid("must be a string");
            } else {
                env.put(key, v.text());
            }
        }
        return env;
    }

    private static HealthConfig health(ConfigNode n, EnvOverrides overrides, String bot, boolean onlyBot,
                                       Path workingDir, URI defaultUrl) {
        n.checkMap("a map", HEALTH_KEYS);
        HealthCheck.Type type = healthType(n, bot, onlyBot);
        HEALTH_TYPE_KEYS.forEach((t, keys) -> {
            for (String key : keys) {
                if (t != type && n.get(key).present()) {
                    n.get(key).error("belongs to health.type " + t.wireName() + ", but the type is " + type.wireName());
                }
            }
        });
        HealthCheck check = switch (type) {
            case HTTP -> new HealthCheck.Http(n.get("url").httpUrl(defaultUrl));
            case TCP -> new HealthCheck.Tcp(n.get("host").nonEmptyString("127.0.0.1"),
                    (int) required(n.get("port"), "tcp").whole(0, 1, 65535));
            case EXEC -> new HealthCheck.Exec(command(n.get("command")));
            case FILE -> new HealthCheck.File(required(n.get("path"), "file").resolvedPath(workingDir, workingDir),
                    required(n.get("max_age"), "file").duration(Duration.ofSeconds(30), Duration.ofMillis(100)));
            case NOTIFY -> new HealthCheck.Notify(n.get("watchdog_interval").durationOrNull(MIN_INTERVAL));
            case NONE -> new HealthCheck.None(n.get("startup_grace").duration(HealthConfig.DEFAULT_STARTUP_GRACE,
                    Duration.ZERO));
        };
        Duration interval = n.get("interval").duration(HealthConfig.DEFAULTS.interval(), MIN_INTERVAL);
        if (overrides.checkInterval() != null) {
            interval = overrides.checkInterval();
        }
        ConfigNode degraded = n.get("degraded_grace");
        return new HealthConfig(check, interval,
                n.get("timeout").duration(HealthConfig.DEFAULTS.timeout(), Duration.ofMillis(10)),
                (int) n.get("failure_threshold").whole(HealthConfig.DEFAULTS.failureThreshold(), 1, 100),
                n.get("startup_timeout").duration(HealthConfig.DEFAULTS.startupTimeout(), Duration.ofSeconds(1)),
                n.get("stop_grace").durationOrNull(Duration.ZERO),
                degraded.present() ? degraded.durationOrOff(Duration.ZERO) : HealthConfig.DEFAULTS.degradedGrace());
    }

    /**
     * The check's type: as written; else http when the bot names a url or is the only bot. With several bots there is
     * no shared default: a second bot probing the first one's endpoint would never be caught hanging.
     */
    private static HealthCheck.Type healthType(ConfigNode n, String bot, boolean onlyBot) {
        ConfigNode t = n.get("type");
        if (t.present()) {
            String text = t.isText() ? t.text().strip().toUpperCase(Locale.ROOT) : "";
            for (HealthCheck.Type type : HealthCheck.Type.values()) {
                if (type.name().equals(text)) {
                    return type;
                }
            }
            t.invalid("must be one of " + HEALTH_CHOICES);
            return HealthCheck.Type.NONE;
        }
        if (n.get("url").present() || onlyBot) {
            return HealthCheck.Type.HTTP;
        }
        (n.present() ? n.get("type") : n).error("is required for bot '" + bot + "' when there is more than one bot (a"
                + " shared default would judge one bot by another's health): set health.type to " + HEALTH_CHOICES);
        return HealthCheck.Type.NONE;
    }

    /** Reports a key the health type needs when it is missing; returns the node either way. */
    private static ConfigNode required(ConfigNode n, String type) {
        if (!n.present()) {
            n.error("is required for health.type " + type);
        }
        return n;
    }

    private static MemoryConfig memory(ConfigNode n, EnvOverrides overrides) {
        n.checkMap("a map", MEMORY_KEYS);
        ConfigNode max = n.get("max_mb");
        long maxMb = max.whole(MemoryConfig.DEFAULTS.maxMb(), Long.MIN_VALUE, Long.MAX_VALUE);
        if (maxMb != 0 && maxMb < MIN_MEMORY_MB) {
            max.error(MEMORY_RULE + ", but was " + maxMb);
            maxMb = MemoryConfig.DEFAULTS.maxMb();
        }
        if (overrides.maxMemoryMb() != null) {
            maxMb = overrides.maxMemoryMb();
        }
        return new MemoryConfig(maxMb,
                n.get("sample_interval").duration(MemoryConfig.DEFAULTS.sampleInterval(), MIN_INTERVAL),
                (int) n.get("consecutive_samples").whole(MemoryConfig.DEFAULTS.consecutiveSamples(), 1, 100));
    }

    private static RestartConfig restart(ConfigNode n, EnvOverrides overrides, Path workingDir) {
        n.checkMap("a map", RESTART_KEYS);
        ConfigNode baseNode = n.get("backoff_base");
        ConfigNode maxNode = n.get("backoff_max");
        Duration fileBase = baseNode.durationOrNull(Duration.ZERO);
        Duration fileMax = maxNode.durationOrNull(Duration.ZERO);
        Duration base = first(overrides.backoffBase(), fileBase, RestartConfig.DEFAULTS.backoffBase());
        Duration max = first(overrides.backoffMax(), fileMax, RestartConfig.DEFAULTS.backoffMax());
        // An invalid value was reported already and replaced by the default: comparing with it would only confuse.
        boolean baseValid = overrides.backoffBase() != null || !baseNode.present() || fileBase != null;
        boolean maxValid = overrides.backoffMax() != null || !maxNode.present() || fileMax != null;
        if (baseValid && maxValid && max.compareTo(base) < 0) {
            backoffMaxBelowBase(n, maxNode, base, max, fileBase, fileMax, overrides);
        }
        return new RestartConfig(base,
                n.get("backoff_factor").number(RestartConfig.DEFAULTS.backoffFactor(), 1.0, Double.MAX_VALUE),
                max,
                n.get("jitter").number(RestartConfig.DEFAULTS.jitter(), 0.0, 1.0),
                n.get("stable_after").duration(RestartConfig.DEFAULTS.stableAfter(), Duration.ZERO),
                (int) n.get("max_starts").whole(RestartConfig.DEFAULTS.maxStarts(), 1, 1_000_000),
                n.get("max_starts_window").duration(RestartConfig.DEFAULTS.maxStartsWindow(), MIN_START_WINDOW),
                exitCodes(n.get("wait_for_fix_exit_codes"), RestartConfig.DEFAULTS.waitForFixExitCodes()),
                paths(n.get("wait_for_fix_watch"), workingDir));
    }

    /** A list of exit codes 1..255 (0 is a clean exit, and a code above 255 cannot be seen). */
    private static List<Integer> exitCodes(ConfigNode n, List<Integer> dflt) {
        if (!n.present()) {
            return dflt;
        }
        if (!n.isList()) {
            n.invalid("must be a list of exit codes like [78]");
            return dflt;
        }
        List<Integer> codes = new ArrayList<>();
        for (ConfigNode e : n.elements()) {
            codes.add((int) e.whole(0, 1, 255));
        }
        return codes;
    }

    /** A list of paths, relative ones resolved against the bot's working dir. */
    private static List<Path> paths(ConfigNode n, Path base) {
        if (!n.present()) {
            return List.of();
        }
        if (!n.isList()) {
            n.invalid("must be a list of paths like [bot.py, lib/]");
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        for (ConfigNode e : n.elements()) {
            Path p = e.resolvedPath(null, base);
            if (p != null) {
                paths.add(p);
            }
        }
        return paths;
    }

    /**
     * Reports backoff_max below backoff_base, naming what the user set last: the environment variable when one of
     * the two comes from there, else the file's backoff_max.
     */
    private static void backoffMaxBelowBase(ConfigNode n, ConfigNode maxNode, Duration base, Duration max,
                                            Duration fileBase, Duration fileMax, EnvOverrides overrides) {
        String env = EnvOverrides.PREFIX;
        if (overrides.backoffBase() != null && overrides.backoffMax() != null) {
            return; // EnvOverrides.read reported it, once for all bots
        }
        if (overrides.backoffMax() != null) {
            String ref = fileBase != null ? n.path() + ".backoff_base in " + n.file()
                    : "the default restart.backoff_base";
            n.report(env + EnvOverrides.MAX_RESTART_COOLDOWN + " must be at least " + ref + " ("
                    + Durations.format(base) + "), but was " + Durations.format(max));
        } else if (overrides.backoffBase() != null) {
            String ref = fileMax != null ? n.path() + ".backoff_max in " + n.file()
                    : "the default restart.backoff_max";
            n.report(env + EnvOverrides.RESTART_COOLDOWN_BASE + " must be at most " + ref + " ("
                    + Durations.format(max) + "), but was " + Durations.format(base)
                    + (fileMax == null ? "; set " + EnvOverrides.MAX_RESTART_COOLDOWN + " as well" : ""));
        } else {
            maxNode.error("must be at least restart.backoff_base (" + Durations.format(base) + "), but was "
                    + Durations.format(max) + (fileMax == null ? " (the default)" : ""));
        }
    }

    private static Duration first(Duration a, Duration b, Duration c) {
        return a != null ? a : b != null ? b : c;
    }
}
