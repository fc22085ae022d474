package io.ultrawatch.demobot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The demo bot's command line, resolved against its environment once at start. Immutable.
 *
 * @param port health port ({@code --port}, else {@code HEALTH_PORT}, else 5001; 0 picks a free one)
 * @param heartbeatMaxAge {@code --heartbeat-max-age}, default 10s; 0 disables the heartbeat check
 * @param controlFile {@code --control-file}, else {@code DEMO_CONTROL_FILE}, else none
 * @param restartFlagFile {@code --restart-flag-file}, else {@code RESTART_FLAG_FILE}, else
 *     {@code .discord_bot_restart} in the working directory
 * @param reloadFile {@code --reload-file}, else {@code DEMO_RELOAD_FILE}, else none: fault specs applied at SIGHUP
 * @param faults {@code DEMO_FAULTS} (comma-separated) followed by every {@code --fault}, in order
 * @param name {@code --name}, for log lines; default {@code demo}
 */
record BotOptions(int port, Duration heartbeatMaxAge, Optional<Path> controlFile, Optional<Path> reloadFile,
                  Path restartFlagFile, List<FaultSpec> faults, String name) {

    static final int DEFAULT_PORT = 5001;
    static final Duration DEFAULT_HEARTBEAT_MAX_AGE = Duration.ofSeconds(10);
    static final String DEFAULT_RESTART_FLAG_FILE = ".discord_bot_restart";
    static final String DEFAULT_NAME = "demo";
    private static final List<String> OPTIONS = List.of(
            "--port", "--heartbeat-max-age", "--control-file", "--reload-file", "--restart-flag-file", "--fault",
            "--name");

    BotOptions {
        Objects.requireNonNull(heartbeatMaxAge, "heartbeatMaxAge");
        Objects.requireNonNull(controlFile, "controlFile");
        Objects.requireNonNull(reloadFile, "reloadFile");
        Objects.requireNonNull(restartFlagFile, "restartFlagFile");
        Objects.requireNonNull(name, "name");
        faults = List.copyOf(faults);
    }

    /**
     * Parses {@code args}, falling back to {@code env} where an option is absent (an empty variable counts as
     * absent).
     *
     * @throws IllegalArgumentException naming the option or variable, the rule and the value
     */
    static BotOptions parse(List<String> args, Map<String, String> env) {
        Integer port = null;
        Duration maxAge = DEFAULT_HEARTBEAT_MAX_AGE;
        Path controlFile = null;
        Path reloadFile = null;
        Path restartFlag = null;
        String name = DEFAULT_NAME;
        List<FaultSpec> faults = new ArrayList<>();

        String envFaults = get(env, "DEMO_FAULTS");
        if (envFaults != null) {
            for (String spec : envFaults.split(",")) {
                if (!spec.isBlank()) {
                    faults.add(parseFault("DEMO_FAULTS", spec));
                }
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String value = null;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            }
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException((option.startsWith("-") ? "unknown option '" + option + "'"
                        : "unexpected argument '" + option + "'") + "; known options: " + String.join(", ", OPTIONS));
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                value = args.get(++i);
            }
            switch (option) {
                case "--port" -> port = parsePort("--port", value);
                case "--heartbeat-max-age" -> maxAge = Durations.parse("--heartbeat-max-age", value);
                case "--control-file" -> controlFile = parsePath("--control-file", value);
                case "--reload-file" -> reloadFile = parsePath("--reload-file", value);
                case "--restart-flag-file" -> restartFlag = parsePath("--restart-flag-file", value);
                case "--fault" -> faults.add(parseFault("--fault", value));
                case "--name" -> name = parseName(value);
                default -> throw new IllegalStateException("option listed but not handled: " + option);
            }
        }
        if (port == null) {
            String envPort = get(env, "HEALTH_PORT");
            port = envPort == null ? DEFAULT_PORT : parsePort("HEALTH_PORT", envPort);
        }
        if (controlFile == null) {
            String envControl = get(env, "DEMO_CONTROL_FILE");
            controlFile = envControl == null ? null : parsePath("DEMO_CONTROL_FILE", envControl);
        }
        if (reloadFile == null) {
            String envReload = get(env, "DEMO_RELOAD_FILE");
            reloadFile = envReload == null ? null : parsePath("DEMO_RELOAD_FILE", envReload);
        }
        if (restartFlag == null) {
            String envFlag = get(env, "RESTART_FLAG_FILE");
            restartFlag = parsePath("RESTART_FLAG_FILE", envFlag == null ? DEFAULT_RESTART_FLAG_FILE : envFlag);
        }
        return new BotOptions(port, maxAge, Optional.ofNullable(controlFile), Optional.ofNullable(reloadFile),
                restartFlag, faults, name);
    }

    /** How long to wait before starting the health endpoint: the longest {@code slow-boot}, or zero. */
    Duration slowBoot() {
        return faults.stream()
                .filter(f -> f.fault() == Fault.SLOW_BOOT)
                .map(FaultSpec::bootDelay)
                .max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: java -jar demo-bot.jar [options]",
                "",
                "  --port N                   health port (else HEALTH_PORT, else 5001; 0 = any free port)",
                "  --heartbeat-max-age D      /health turns 503 when the main loop is silent longer (default 10s;"
                        + " 0 disables)",
                "  --control-file PATH        poll PATH every 100 ms for fault specs, one a line (else"
                        + " DEMO_CONTROL_FILE)",
                "  --reload-file PATH         fault specs applied when SIGHUP asks for a reload of settings (else"
                        + " DEMO_RELOAD_FILE)",
                "  --restart-flag-file PATH   written by request-restart (else RESTART_FLAG_FILE, else"
                        + " .discord_bot_restart)",
                "  --fault SPEC               inject a fault; repeatable; also DEMO_FAULTS=SPEC,SPEC",
                "  --name NAME                shown in log lines (default demo)",
                "",
                "SPEC is NAME[:ARG][@DELAY]; DELAY counts from when /health first could answer.",
                "Durations: 500ms, 2s, 5m, or a bare number of seconds.",
                "Token: BOT_TOKEN, else DISCORD_TOKEN; only its fingerprint is ever printed.",
                "",
                "Faults:",
                Fault.describeAll().stripTrailing());
    }

    private static String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static FaultSpec parseFault(String source, String spec) {
        try {
            return FaultSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static int parsePort(String source, String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new IllegalArgumentException(
                source + " must be an integer between 0 and 65535, but was '" + value + "'");
    }

    private static Path parsePath(String source, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(source + " must not be empty");
        }
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + " is not a usable path: '" + value + "'", e);
        }
    }

    private static String parseName(String value) {
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("--name must be a non-empty word without spaces, but was '"
                    + value + "'");
        }
        return value;
    }
}
