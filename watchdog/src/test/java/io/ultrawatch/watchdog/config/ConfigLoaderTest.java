package io.ultrawatch.watchdog.config;

import io.ultrawatch.watchdog.model.Signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    private static final Path SOURCE = Path.of("watchdog.yml");
    private static final String SECRET = "sk-live-51HxQ2eZvKYlo2C9";

    @TempDir
    Path base;

    private WatchdogConfig parse(String yaml) throws ConfigException {
        return parse(yaml, Map.of());
    }

    private WatchdogConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.parse(yaml, SOURCE, base, env);
    }

    private List<String> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    private List<String> errors(String yaml, Map<String, String> env) {
        try {
            WatchdogConfig config = parse(yaml, env);
            throw new AssertionError("expected a ConfigException, got " + config);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo(String.join("\n", e.errors()));
            return e.errors();
        }
    }

    /** A valid bot named "a" plus the given lines at the bot's indentation. */
    private static String bot(String lines) {
        return "bots:\n  - name: a\n    command: [x]\n" + lines.indent(4);
    }

    private static BotConfig only(WatchdogConfig config) {
        assertThat(config.bots()).hasSize(1);
        return config.bots().get(0);
    }

    @Nested
    class Defaults {
        @Test
        void noFileGivesTheDocumentedDefaultsAndTheDemoBot() {
            WatchdogConfig config = ConfigLoader.defaults(base, Map.of());

            assertThat(config.source()).isNull();
            assertThat(config.sourceLabel()).isEqualTo("(defaults)");
            assertThat(config.baseDir()).isEqualTo(base.toAbsolutePath().normalize());
            // The values themselves are pinned by ExampleConfigTest against the example file's comments.
            WatchdogSettings d = WatchdogSettings.DEFAULTS;
            assertThat(config.watchdog()).isEqualTo(new WatchdogSettings(base.resolve("status"), base.resolve("logs"),
                    d.statusInterval(), d.control(), d.log()));
            assertThat(config.bots()).containsExactly(new BotConfig("demo",
                    List.of("java", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                            "demo-bot/target/demo-bot.jar"),
                    base, Map.of(), null, HealthConfig.DEFAULTS, MemoryConfig.DEFAULTS, RestartConfig.DEFAULTS,
                    StopConfig.DEFAULTS, ScheduleConfig.DEFAULTS, base.resolve(".discord_bot_restart"), null,
                    LogConfig.DEFAULTS));
        }

        @Test
        void loadWithoutAFileUsesTheWorkingDirectory() throws ConfigException {
            WatchdogConfig config = ConfigLoader.load(null, Map.of());

            Path cwd = Path.of("").toAbsolutePath();
            assertThat(config.baseDir()).isEqualTo(cwd);
            assertThat(config.watchdog().statusDir()).isEqualTo(cwd.resolve("status"));
            assertThat(only(config).name()).isEqualTo("demo");
            assertThat(only(config).workingDir()).isEqualTo(cwd);
        }

        @Test
        void anEmptyFileOrOneWithOnlyCommentsIsTheDefaults() throws ConfigException {
            assertThat(parse("").bots()).isEqualTo(ConfigLoader.defaults(base, Map.of()).bots());
            assertThat(parse("# nothing yet\n").watchdog()).isEqualTo(ConfigLoader.defaults(base, Map.of()).watchdog());
        }

        @Test
        void aFileWithoutBotsRunsTheDemoBot() throws ConfigException {
            WatchdogConfig config = parse("watchdog:\n  control:\n    port: 0\n");
            assertThat(config.watchdog().control().port()).isZero();
            assertThat(only(config).name()).isEqualTo("demo");
        }

        @Test
        void aBotWithOnlyNameAndCommandTakesEveryDefault() throws ConfigException {
            BotConfig bot = only(parse("bots:\n  - name: worker\n    command: [python3, worker.py]\n"));
            BotConfig demo = only(ConfigLoader.defaults(base, Map.of()));

            assertThat(bot.command()).containsExactly("python3", "worker.py");
            assertThat(bot.workingDir()).isEqualTo(base);
            assertThat(bot.restartFlagFile()).as("only the demo bot has a default flag file").isNull();
            assertThat(bot.envFile()).isNull();
            assertThat(bot.reloadSignal()).isNull();
            assertThat(bot.env()).isEmpty();
            assertThat(bot.health()).isEqualTo(demo.health());
            assertThat(bot.memory()).isEqualTo(demo.memory());
            assertThat(bot.restart()).isEqualTo(demo.restart());
            assertThat(bot.stop()).isEqualTo(demo.stop());
            assertThat(bot.schedule()).isEqualTo(demo.schedule());
            assertThat(bot.log()).isEqualTo(demo.log());
        }
    }

    @Nested
    class FullExample {
        @Test
        void everyKeyOfTheExampleFileEndsUpInTheRecords() throws Exception {
            Path file = base.resolve("watchdog.yml");
            Files.writeString(file, example());

            WatchdogConfig config = ConfigLoader.load(file, Map.of());

            assertThat(config.source()).isEqualTo(file);
            assertThat(config.baseDir()).isEqualTo(base);
            assertThat(config.watchdog()).isEqualTo(new WatchdogSettings(base.resolve("status"), base.resolve("logs"),
                    Duration.ofSeconds(2), new ControlConfig(true, "127.0.0.1", 8100, false), new LogConfig(20, 3)));
            Path botDir = base.resolve("bots/discord");
            BotConfig discord = new BotConfig("discord", List.of("java", "-Xmx256m", "-jar", "bot.jar"), botDir,
                    Map.of("LOG_LEVEL", "info", "SHARDS", "2"), botDir.resolve("secrets.env"),
                    new HealthConfig(new HealthCheck.Http(URI.create("http://127.0.0.1:5001/health")),
                            Duration.ofSeconds(10), Duration.ofMillis(1500), 4, Duration.ofMinutes(2),
                            Duration.ofSeconds(3), Duration.ofMinutes(30)),
                    new MemoryConfig(1024, Duration.ofSeconds(10), 2),
                    new RestartConfig(Duration.ofSeconds(5), 1.5, Duration.ofMinutes(10), 0.1, Duration.ofMinutes(5),
                            100, Duration.ofHours(12), List.of(78, 3),
                            List.of(botDir.resolve("bot.py"), botDir.resolve("lib"))),
                    new StopConfig(Signal.INT, Duration.ofSeconds(20)),
                    new ScheduleConfig(Duration.ofHours(12), Duration.ofMinutes(10)),
                    botDir.resolve(".restart"), Signal.HUP, new LogConfig(50, 10), List.of("DISCORD_TOKEN"));
            assertThat(config.bots()).extracting(BotConfig::name).containsExactly("discord", "worker", "relay", "irc",
                    "gateway", "poller");
            assertThat(config.bots().get(0)).isEqualTo(discord);
            assertThat(config.bots()).extracting(b -> b.health().check()).containsExactly(discord.health().check(),
                    new HealthCheck.File(base.resolve("heartbeat"), Duration.ofSeconds(30)),
                    new HealthCheck.Tcp("127.0.0.1", 6000), new HealthCheck.Exec(List.of("node", "check.js")),
                    new HealthCheck.Notify(Duration.ofSeconds(10)), new HealthCheck.None(Duration.ofSeconds(5)));
        }

        @Test
        void theExampleDocumentsEveryKeyTheLoaderKnows() throws IOException {
            String example = example();
            for (String key : List.of("status_dir", "log_dir", "status_interval", "control", "enabled", "host",
                    "port", "open_metrics", "log", "max_size_mb", "keep", "bots", "name", "command", "working_dir",
                    "env", "env_file", "health", "url", "interval", "timeout", "failure_threshold",
                    "startup_timeout", "stop_grace", "memory", "max_mb", "sample_interval", "consecutive_samples",
                    "restart",
                    "backoff_base", "backoff_factor", "backoff_max", "jitter", "stable_after", "stop", "signal",
                    "grace", "schedule", "every", "restart_flag_file", "reload_signal")) {
                assertThat(example).as(key).containsPattern("(?m)^\\s*(- )?" + key + ":.*#");
            }
        }

        /** The example the README points to, at the top of the repository (tests run in the module's folder). */
        private String example() throws IOException {
            return Files.readString(Path.of("..", "watchdog.example.yml").toAbsolutePath().normalize(),
                    StandardCharsets.UTF_8);
        }
    }

    /** Most chat bots serve no HTTP: five kinds of check, and no default shared by several bots. */
    @Nested
    class HealthTypes {
        private static final String SECOND = "  - name: b\n    command: [y]\n    health: {type: none}\n";

        @Test
        void eachTypeReadsItsOwnKeys() throws ConfigException {
            assertThat(only(parse(bot("health:\n  type: tcp\n  port: 6000\n"))).health().check())
                    .isEqualTo(new HealthCheck.Tcp("127.0.0.1", 6000));
            assertThat(only(parse(bot("health:\n  type: exec\n  command: [./check.sh, --quick]\n"))).health().check())
                    .isEqualTo(new HealthCheck.Exec(List.of("./check.sh", "--quick")));
            assertThat(only(parse(bot("working_dir: bots/a\nhealth:\n  type: file\n  path: beat\n  max_age: 20s\n")))
                    .health().check())
                    .isEqualTo(new HealthCheck.File(base.resolve("bots/a/beat"), Duration.ofSeconds(20)));
            assertThat(only(parse(bot("health:\n  type: none\n"))).health().check())
                    .isEqualTo(new HealthCheck.None(HealthConfig.DEFAULT_STARTUP_GRACE));
            assertThat(only(parse(bot("health:\n  degraded_grace: off\n"))).health().degradedGrace()).isNull();
            assertThat(only(parse(bot("health:\n  type: notify\n  watchdog_interval: 3s\n"))).health().check())
                    .isEqualTo(new HealthCheck.Notify(Duration.ofSeconds(3)));
            assertThat(only(parse(bot("health: {type: notify}\n"))).health().check())
                    .isEqualTo(new HealthCheck.Notify(null));
        }

        @Test
        void aNotifyDeadlineBelowTheFloorOrOnAnotherTypeIsAnError() {
            assertThat(errors(bot("health: {type: notify, watchdog_interval: 10ms}"))).containsExactly(
                    "watchdog.yml: bots[0].health.watchdog_interval must be at least 100ms, but was 10ms");
            assertThat(errors(bot("health: {type: tcp, port: 6000, watchdog_interval: 3s}"))).containsExactly(
                    "watchdog.yml: bots[0].health.watchdog_interval belongs to health.type notify, but the type is"
                            + " tcp");
        }

        @Test
        void aSingleBotOrOneThatNamesAUrlIsProbedOverHttp() throws ConfigException {
            assertThat(only(parse(bot(""))).health()).isEqualTo(HealthConfig.DEFAULTS);
            WatchdogConfig two = parse(bot("health:\n  url: http://127.0.0.1:5009/health\n") + SECOND);
            assertThat(two.bots().get(0).health().check())
                    .isEqualTo(new HealthCheck.Http(URI.create("http://127.0.0.1:5009/health")));
        }

        /** In the old example the second bot was judged by the first one's endpoint, so its hangs were never seen. */
        @Test
        void withSeveralBotsABotWithoutAHealthCheckIsAnErrorThatNamesItAndTheChoices() {
            assertThat(errors(bot("") + "  - name: worker\n    command: [y]\n")).containsExactly(
                    "watchdog.yml: bots[0].health is required for bot 'a' when there is more than one bot (a shared"
                            + " default would judge one bot by another's health): set health.type to http (with url),"
                            + " tcp (with port), exec (with command), file (with path and max_age), notify (sd_notify, with"
                            + " watchdog_interval) or none",
                    "watchdog.yml: bots[1].health is required for bot 'worker' when there is more than one bot (a"
                            + " shared default would judge one bot by another's health): set health.type to http (with"
                            + " url), tcp (with port), exec (with command), file (with path and max_age), notify (sd_notify,"
                            + " with watchdog_interval) or none");
        }

        @Test
        void twoBotsCheckingOneTargetAreAnError() {
            assertThat(errors(bot("health: {type: tcp, port: 6000}") + "  - name: b\n    command: [y]\n"
                    + "    health: {type: tcp, port: 6000}\n")).containsExactly(
                    "watchdog.yml: bots[1].health checks the same tcp target 127.0.0.1:6000 as bots[0] (a): each bot"
                            + " must be judged by its own health, so give each its own port, URL or file");
        }

        @Test
        void keysOfAnotherTypeAndMissingOnesAreReported() {
            assertThat(errors(bot("health:\n  type: tcp\n  url: http://127.0.0.1:5001/health\n"))).containsExactly(
                    "watchdog.yml: bots[0].health.url belongs to health.type http, but the type is tcp",
                    "watchdog.yml: bots[0].health.port is required for health.type tcp");
            assertThat(errors(bot("health:\n  type: file\n"))).containsExactly(
                    "watchdog.yml: bots[0].health.path is required for health.type file",
                    "watchdog.yml: bots[0].health.max_age is required for health.type file");
            assertThat(errors(bot("health:\n  type: grpc\n"))).containsExactly(
                    "watchdog.yml: bots[0].health.type must be one of http (with url), tcp (with port), exec (with"
                            + " command), file (with path and max_age), notify (sd_notify, with watchdog_interval) or none, but was 'grpc'");
        }
    }

    @Nested
    class Values {
        @Test
        void durationsAcceptUnitsAndBareSecondsAsIntOrFloat() throws ConfigException {
            BotConfig bot = only(parse(bot("health:\n  interval: 1.5\n  timeout: 250ms\n  startup_timeout: 1h\n"
                    + "  stop_grace: 0.5\nmemory:\n  sample_interval: 3\n")));
            assertThat(bot.health().interval()).isEqualTo(Duration.ofMillis(1500));
            assertThat(bot.health().stopGrace()).isEqualTo(Duration.ofMillis(500));
            assertThat(bot.health().timeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(bot.health().startupTimeout()).isEqualTo(Duration.ofHours(1));
            assertThat(bot.memory().sampleInterval()).isEqualTo(Duration.ofSeconds(3));
        }

        @Test
        void envValuesKeepTheTextAsWrittenInsteadOfYamlTyping() throws ConfigException {
            // readTree would turn these into 83, true, 1.5, 31 and 1000: a PIN or a flag silently changed.
            BotConfig bot = only(parse(bot("env:\n  PIN: 0123\n  FLAG: yes\n  RATE: 1.50\n  HEX: 0x1F\n"
                    + "  BIG: 1_000\n  QUOTED: \"007\"\n  EMPTY: \"\"\n")));
            assertThat(bot.env()).containsOnly(Map.entry("PIN", "0123"), Map.entry("FLAG", "yes"),
                    Map.entry("RATE", "1.50"), Map.entry("HEX", "0x1F"), Map.entry("BIG", "1_000"),
                    Map.entry("QUOTED", "007"), Map.entry("EMPTY", ""));
        }

        @Test
        void commandElementsAreTakenAsWritten() throws ConfigException {
            BotConfig bot = only(parse("bots:\n  - name: a\n    command: [sleep, 010, \"--flag=on\", yes]\n"));
            assertThat(bot.command()).containsExactly("sleep", "010", "--flag=on", "yes");
        }

        @Test
        void signalsAcceptTheSigPrefixAndAnyCase() throws ConfigException {
            BotConfig bot = only(parse(bot("stop:\n  signal: sigkill\nreload_signal: usr1\n")));
            assertThat(bot.stop().signal()).isEqualTo(Signal.KILL);
            assertThat(bot.reloadSignal()).isEqualTo(Signal.USR1);
        }

        @Test
        void scheduleIsOffWhenAbsentNullOrOff() throws ConfigException {
            assertThat(only(parse(bot("schedule:\n  every: off\n"))).schedule().enabled()).isFalse();
            assertThat(only(parse(bot("schedule:\n  every:\n"))).schedule().enabled()).isFalse();
            assertThat(only(parse(bot("schedule:\n  jitter: 1m\n"))).schedule().enabled()).isFalse();
            assertThat(only(parse(bot("schedule:\n  every: 6h\n"))).schedule().every()).isEqualTo(Duration.ofHours(6));
        }

        @Test
        void zeroMemoryMeansNoLimit() throws ConfigException {
            assertThat(only(parse(bot("memory:\n  max_mb: 0\n"))).memory().limited()).isFalse();
        }

        @Test
        void anEmptySectionMeansItsDefaults() throws ConfigException {
            assertThat(only(parse(bot("health:\nrestart:\n"))).health()).isEqualTo(HealthConfig.DEFAULTS);
        }

        @Test
        void booleansAcceptYesNoOnOff() throws ConfigException {
            ControlConfig control = parse("watchdog:\n  control:\n    enabled: no\n    open_metrics: off\n")
                    .watchdog().control();
            assertThat(control.enabled()).isFalse();
            assertThat(control.openMetrics()).isFalse();
        }

        @Test
        void httpsHealthUrlsAreAccepted() throws ConfigException {
            assertThat(only(parse(bot("health:\n  url: https://bot.internal:8443/ready\n"))).health().url())
                    .isEqualTo(URI.create("https://bot.internal:8443/ready"));
        }
    }

    @Nested
    class Paths {
        @Test
        void relativePathsResolveAgainstTheFilesFolderAndTheBotsWorkingDir() throws Exception {
            Path folder = Files.createDirectories(base.resolve("etc/ultrawatch"));
            Path file = folder.resolve("watchdog.yml");
            Files.writeString(file, "watchdog:\n  status_dir: run/status\n  log_dir: ../logs\n"
                    + "bots:\n  - name: a\n    command: [x]\n    working_dir: bots/./a\n    env_file: secrets.env\n"
                    + "    restart_flag_file: ../flags/a.restart\n"
                    + "    health: {type: none}\n"
                    + "  - name: b\n    command: [x]\n    working_dir: " + base.resolve("abs") + "\n"
                    + "    env_file: /etc/b.env\n    health: {type: none}\n");

            WatchdogConfig config = ConfigLoader.load(file, Map.of());

            assertThat(config.baseDir()).isEqualTo(folder);
            assertThat(config.watchdog().statusDir()).isEqualTo(folder.resolve("run/status"));
            assertThat(config.watchdog().logDir()).isEqualTo(base.resolve("etc/logs"));
            BotConfig a = config.bots().get(0);
            assertThat(a.workingDir()).isEqualTo(folder.resolve("bots/a"));
            assertThat(a.envFile()).isEqualTo(folder.resolve("bots/a/secrets.env"));
            assertThat(a.restartFlagFile()).isEqualTo(folder.resolve("bots/flags/a.restart"));
            BotConfig b = config.bots().get(1);
            assertThat(b.workingDir()).isEqualTo(base.resolve("abs"));
            assertThat(b.envFile()).isEqualTo(Path.of("/etc/b.env"));
        }

        @Test
        void parseMakesTheBaseDirAbsolute() throws ConfigException {
            WatchdogConfig config = ConfigLoader.parse("", SOURCE, Path.of("some/../rel"), Map.of());
            assertThat(config.baseDir()).isEqualTo(Path.of("").toAbsolutePath().resolve("rel"));
            assertThat(config.source()).isEqualTo(SOURCE);
        }

        @Test
        void aMissingFileIsAnErrorNamingIt() {
            Path missing = base.resolve("nope.yml");
            assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(missing + ": no such file");
        }

        @Test
        void aMissingRelativeFileAlsoSaysWhereItWasLookedFor() {
            Path missing = Path.of("no-such-dir-ultrawatch/watchdog.yml");
            assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("no-such-dir-ultrawatch/watchdog.yml: no such file (looked for "
                            + missing.toAbsolutePath() + ")");
        }

        @Test
        void aFolderIsNotAConfigFile() {
            assertThatThrownBy(() -> ConfigLoader.load(base, Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(base + ": is a folder; name the YAML file itself");
        }

        @Test
        void errorsFromALoadedFileNameItAsGiven() throws IOException {
            Path file = base.resolve("watchdog.yml");
            Files.writeString(file, bot("health:\n  interval: 10ms\n"));
            assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(file + ": bots[0].health.interval must be at least 100ms, but was 10ms");
        }
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // watchdog
                Arguments.of("watchdog: 5",
                        "watchdog.yml: watchdog must be a map of watchdog settings, but was '5'"),
                Arguments.of("watchdog:\n  status_interval: 50ms",
                        "watchdog.yml: watchdog.status_interval must be at least 100ms, but was 50ms"),
                Arguments.of("watchdog:\n  status_dir: ~/status",
                        "watchdog.yml: watchdog.status_dir must not start with ~ (it is not expanded here; write the"
                                + " full path), but was '~/status'"),
                Arguments.of("watchdog:\n  log_dir: ''",
                        "watchdog.yml: watchdog.log_dir must not be empty"),
                Arguments.of("watchdog:\n  control:\n    port: 70000",
                        "watchdog.yml: watchdog.control.port must be between 0 and 65535, but was 70000"),
                Arguments.of("watchdog:\n  control:\n    port: -1",
                        "watchdog.yml: watchdog.control.port must be between 0 and 65535, but was -1"),
                Arguments.of("watchdog:\n  control:\n    port: http",
                        "watchdog.yml: watchdog.control.port must be a whole number, but was 'http'"),
                Arguments.of("watchdog:\n  control:\n    enabled: maybe",
                        "watchdog.yml: watchdog.control.enabled must be true or false, but was 'maybe'"),
                Arguments.of("watchdog:\n  control:\n    host: ' '",
                        "watchdog.yml: watchdog.control.host must not be empty"),
                Arguments.of("watchdog:\n  log:\n    max_size_mb: 0",
                        "watchdog.yml: watchdog.log.max_size_mb must be between 1 and 1048576, but was 0"),
                Arguments.of("watchdog:\n  log:\n    keep: 101",
                        "watchdog.yml: watchdog.log.keep must be between 0 and 100, but was 101"),
                // the list of bots
                Arguments.of("- name: a",
                        "watchdog.yml: the top level must be a map with the keys watchdog, bots and notify, but was a list"),
                Arguments.of("bots: []", "watchdog.yml: bots must list at least one bot"),
                Arguments.of("bots:", "watchdog.yml: bots must list at least one bot"),
                Arguments.of("bots:\n  demo:\n    command: [x]",
                        "watchdog.yml: bots must be a list of bots, each starting with '- name:', but was a map"),
                Arguments.of("bots: [demo]",
                        "watchdog.yml: bots[0] must be a map with at least name and command, but was 'demo'"),
                // name
                Arguments.of("bots:\n  - command: [x]", "watchdog.yml: bots[0].name is required"),
                Arguments.of("bots:\n  - name: My Bot\n    command: [x]",
                        "watchdog.yml: bots[0].name must be 1 to 63 lowercase letters, digits, '-' or '_', starting"
                                + " with a letter or digit, but was 'My Bot'"),
                Arguments.of("bots:\n  - name: _a\n    command: [x]",
                        "watchdog.yml: bots[0].name must be 1 to 63 lowercase letters, digits, '-' or '_', starting"
                                + " with a letter or digit, but was '_a'"),
                Arguments.of("bots:\n  - name: " + "a".repeat(64) + "\n    command: [x]",
                        "watchdog.yml: bots[0].name must be 1 to 63 lowercase letters, digits, '-' or '_', starting"
                                + " with a letter or digit, but was '" + "a".repeat(64) + "'"),
                Arguments.of("bots:\n  - name: a\n    command: [x]\n    health: {type: none}\n  - name: b\n"
                                + "    command: [x]\n    health: {type: none}\n  - name: a\n    command: [y]\n"
                                + "    health: {type: none}",
                        "watchdog.yml: bots[2].name must be unique, but 'a' is also the name of bots[0]"),
                // command
                Arguments.of("bots:\n  - name: a",
                        "watchdog.yml: bots[0].command is required: the program and its arguments, like"
                                + " [\"java\", \"-jar\", \"bot.jar\"]"),
                Arguments.of("bots:\n  - name: a\n    command: python3 bot.py --verbose",
                        "watchdog.yml: bots[0].command must be a list of strings, but was a single string"
                                + " 'python3 bot.py --verbose'; write it as [\"python3\", \"bot.py\", \"--verbose\"]"),
                Arguments.of("bots:\n  - name: a\n    command: []",
                        "watchdog.yml: bots[0].command must not be empty: list the program and its arguments"),
                Arguments.of("bots:\n  - name: a\n    command:\n      program: x",
                        "watchdog.yml: bots[0].command must be a list of strings, but was a map"),
                Arguments.of("bots:\n  - name: a\n    command: [x, [y]]",
                        "watchdog.yml: bots[0].command[1] must be a string, but was a list"),
                Arguments.of("bots:\n  - name: a\n    command: ['', x]",
                        "watchdog.yml: bots[0].command[0] must not be empty: it is the program to run"),
                // working dir and files
                Arguments.of(bot("working_dir: ''"), "watchdog.yml: bots[0].working_dir must not be empty"),
                Arguments.of(bot("env_file: [a.env]"),
                        "watchdog.yml: bots[0].env_file must be a string, but was a list"),
                Arguments.of(bot("restart_flag_file: ~/flag"),
                        "watchdog.yml: bots[0].restart_flag_file must not start with ~ (it is not expanded here;"
                                + " write the full path), but was '~/flag'"),
                // env
                Arguments.of(bot("env: [A=1]"),
                        "watchdog.yml: bots[0].env must be a map of NAME: value, but was a list"),
                Arguments.of(bot("env:\n  1ST: x"),
                        "watchdog.yml: bots[0].env.1ST is not a valid variable name: use letters, digits and '_', not"
                                + " starting with a digit"),
                Arguments.of(bot("env:\n  TOKEN:"),
                        "watchdog.yml: bots[0].env.TOKEN has no value; write TOKEN: \"\" for an empty one"),
                Arguments.of(bot("env:\n  TOKEN:\n    a: b"),
                        "watchdog.yml: bots[0].env.TOKEN must be a string, but was a map"),
                // health
                Arguments.of(bot("health: 5s"), "watchdog.yml: bots[0].health must be a map, but was '5s'"),
                Arguments.of(bot("health:\n  url: ftp://bot/health"),
                        "watchdog.yml: bots[0].health.url must be an http or https URL like"
                                + " http://127.0.0.1:5001/health, but was 'ftp://bot/health'"),
                Arguments.of(bot("health:\n  url: 127.0.0.1:5001/health"),
                        "watchdog.yml: bots[0].health.url must be an http or https URL like"
                                + " http://127.0.0.1:5001/health, but was '127.0.0.1:5001/health'"),
                Arguments.of(bot("health:\n  url: http:///health"),
                        "watchdog.yml: bots[0].health.url must name a host, like http://127.0.0.1:5001/health,"
                                + " but was 'http:///health'"),
                Arguments.of(bot("health:\n  url: http://bot health"),
                        "watchdog.yml: bots[0].health.url must be a URL like http://127.0.0.1:5001/health, but was"
                                + " 'http://bot health'"),
                Arguments.of(bot("health:\n  interval: 10ms"),
                        "watchdog.yml: bots[0].health.interval must be at least 100ms, but was 10ms"),
                Arguments.of(bot("health:\n  interval: fast"),
                        "watchdog.yml: bots[0].health.interval must be a duration like 500ms, 2s or 5m, but was"
                                + " 'fast'"),
                Arguments.of(bot("health:\n  interval: [5s]"),
                        "watchdog.yml: bots[0].health.interval must be a duration like 500ms, 2s or 5m, but was"
                                + " a list"),
                Arguments.of(bot("health:\n  timeout: 5ms"),
                        "watchdog.yml: bots[0].health.timeout must be at least 10ms, but was 5ms"),
                Arguments.of(bot("health:\n  failure_threshold: 0"),
                        "watchdog.yml: bots[0].health.failure_threshold must be between 1 and 100, but was 0"),
                Arguments.of(bot("health:\n  failure_threshold: abc"),
                        "watchdog.yml: bots[0].health.failure_threshold must be a whole number, but was 'abc'"),
                Arguments.of(bot("health:\n  failure_threshold: 1.5"),
                        "watchdog.yml: bots[0].health.failure_threshold must be a whole number, but was '1.5'"),
                Arguments.of(bot("health:\n  startup_timeout: 500ms"),
                        "watchdog.yml: bots[0].health.startup_timeout must be at least 1s, but was 500ms"),
                // memory
                Arguments.of(bot("memory:\n  max_mb: 8"),
                        "watchdog.yml: bots[0].memory.max_mb must be 0 (no limit) or at least 16, but was 8"),
                Arguments.of(bot("memory:\n  max_mb: -1"),
                        "watchdog.yml: bots[0].memory.max_mb must be 0 (no limit) or at least 16, but was -1"),
                Arguments.of(bot("memory:\n  max_mb: 512MB"),
                        "watchdog.yml: bots[0].memory.max_mb must be a whole number, but was '512MB'"),
                Arguments.of(bot("memory:\n  max_mb: 99999999999999999999"),
                        "watchdog.yml: bots[0].memory.max_mb is too large, but was 99999999999999999999"),
                Arguments.of(bot("memory:\n  sample_interval: 0"),
                        "watchdog.yml: bots[0].memory.sample_interval must be at least 100ms, but was 0s"),
                Arguments.of(bot("memory:\n  consecutive_samples: 101"),
                        "watchdog.yml: bots[0].memory.consecutive_samples must be between 1 and 100, but was 101"),
                // restart
                Arguments.of(bot("restart:\n  backoff_base: -1s"),
                        "watchdog.yml: bots[0].restart.backoff_base must be at least 0s, but was -1s"),
                Arguments.of(bot("restart:\n  backoff_factor: 0.5"),
                        "watchdog.yml: bots[0].restart.backoff_factor must be at least 1.0, but was 0.5"),
                Arguments.of(bot("restart:\n  backoff_factor: double"),
                        "watchdog.yml: bots[0].restart.backoff_factor must be a number, but was 'double'"),
                Arguments.of(bot("restart:\n  backoff_factor: .inf"),
                        "watchdog.yml: bots[0].restart.backoff_factor must be a number, but was '.inf'"),
                Arguments.of(bot("restart:\n  backoff_base: 5s\n  backoff_max: 1s"),
                        "watchdog.yml: bots[0].restart.backoff_max must be at least restart.backoff_base (5s), but"
                                + " was 1s"),
                Arguments.of(bot("restart:\n  backoff_base: 10m"),
                        "watchdog.yml: bots[0].restart.backoff_max must be at least restart.backoff_base (10m), but"
                                + " was 5m (the default)"),
                Arguments.of(bot("restart:\n  jitter: 1.5"),
                        "watchdog.yml: bots[0].restart.jitter must be between 0.0 and 1.0, but was 1.5"),
                Arguments.of(bot("restart:\n  stable_after: -1"),
                        "watchdog.yml: bots[0].restart.stable_after must be at least 0s, but was -1s"),
                // stop
                Arguments.of(bot("stop:\n  signal: STOP"),
                        "watchdog.yml: bots[0].stop.signal must be one of HUP, INT, QUIT, TERM, USR1, USR2, KILL,"
                                + " but was 'STOP'"),
                Arguments.of(bot("stop:\n  grace: -5s"),
                        "watchdog.yml: bots[0].stop.grace must be at least 0s, but was -5s"),
                Arguments.of(bot("health:\n  stop_grace: soon"),
                        "watchdog.yml: bots[0].health.stop_grace must be a duration like 500ms, 2s or 5m, but was"
                                + " 'soon'"),
                // schedule
                Arguments.of(bot("schedule:\n  every: 5s"),
                        "watchdog.yml: bots[0].schedule.every must be at least 10s (or off), but was 5s"),
                Arguments.of(bot("schedule:\n  every: daily"),
                        "watchdog.yml: bots[0].schedule.every must be a duration like 500ms, 2s or 5m, or off, but"
                                + " was 'daily'"),
                Arguments.of(bot("schedule:\n  every: on"),
                        "watchdog.yml: bots[0].schedule.every must be a duration like 500ms, 2s or 5m, or off, but"
                                + " was 'on'"),
                Arguments.of(bot("schedule:\n  jitter: soon"),
                        "watchdog.yml: bots[0].schedule.jitter must be a duration like 500ms, 2s or 5m, but was"
                                + " 'soon'"),
                // reload signal and bot log
                Arguments.of(bot("reload_signal: KILL"),
                        "watchdog.yml: bots[0].reload_signal must be one of HUP, INT, QUIT, TERM, USR1, USR2, but"
                                + " was 'KILL'"),
                Arguments.of(bot("log:\n  keep: -1"),
                        "watchdog.yml: bots[0].log.keep must be between 0 and 100, but was -1"),
                Arguments.of(bot("log:\n  max_size_mb: big"),
                        "watchdog.yml: bots[0].log.max_size_mb must be a whole number, but was 'big'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rules")
    void eachRuleIsReportedWithFileFieldRuleAndValue(String yaml, String message) {
        assertThat(errors(yaml)).containsExactly(message);
    }

    @Nested
    class UnknownKeys {
        @Test
        void aTypoSuggestsTheClosestKey() {
            assertThat(errors(bot("health:\n  intervall: 5s"))).containsExactly(
                    "watchdog.yml: bots[0].health.intervall is not a known key; did you mean 'interval'?");
        }

        @Test
        void camelCaseSuggestsTheSnakeCaseKey() {
            assertThat(errors(bot("health:\n  failureThreshold: 5"))).containsExactly(
                    "watchdog.yml: bots[0].health.failureThreshold is not a known key; did you mean"
                            + " 'failure_threshold'?");
        }

        @Test
        void aPrefixSuggestsTheFullKey() {
            assertThat(errors(bot("restart:\n  backoff: 5s"))).containsExactly(
                    "watchdog.yml: bots[0].restart.backoff is not a known key; did you mean 'backoff_base'?");
            assertThat(errors("watchdog:\n  status_dir_path: s")).containsExactly(
                    "watchdog.yml: watchdog.status_dir_path is not a known key; did you mean 'status_dir'?");
        }

        @Test
        void atTheTopLevel() {
            assertThat(errors("bot:\n  - name: a")).containsExactly(
                    "watchdog.yml: bot is not a known key; did you mean 'bots'?");
        }

        @Test
        void withNothingCloseTheKnownKeysAreListed() {
            assertThat(errors(bot("health:\n  probe: tcp"))).containsExactly(
                    "watchdog.yml: bots[0].health.probe is not a known key; known keys are: type, url, host, port,"
                            + " command, path, max_age, startup_grace, watchdog_interval, interval, timeout, failure_threshold,"
                            + " startup_timeout, stop_grace, degraded_grace");
            assertThat(errors(bot("log:\n  foo: 1"))).containsExactly(
                    "watchdog.yml: bots[0].log.foo is not a known key; known keys are: max_size_mb, keep");
        }

        @Test
        void aKeyGivenTwiceIsReportedWithBothLines() {
            assertThat(errors("bots:\n  - name: a\n    command: [x]\n    name: b\n")).containsExactly(
                    "watchdog.yml: bots[0].name is given twice (lines 2 and 4); keep one");
        }
    }

    @Nested
    class ManyErrors {
        @Test
        void everyProblemOfTheFileIsReportedInFileOrder() {
            String yaml = "watchdog:\n"
                    + "  status_interval: 10ms\n"
                    + "  control:\n"
                    + "    port: 99999\n"
                    + "bots:\n"
                    + "  - name: Bad Name\n"
                    + "    command: java -jar bot.jar\n"
                    + "    health:\n"
                    + "      url: http://127.0.0.1:5002/health\n"
                    + "      intervall: 5s\n"
                    + "      timeout: soon\n"
                    + "  - name: ok\n"
                    + "    command: [x]\n"
                    + "    health: {type: none}\n"
                    + "    memory:\n"
                    + "      max_mb: 4\n"
                    + "    stop:\n"
                    + "      signal: STOP\n";

            assertThat(errors(yaml, Map.of("CHECK_INTERVAL", "often"))).containsExactly(
                    "watchdog.yml: watchdog.status_interval must be at least 100ms, but was 10ms",
                    "watchdog.yml: watchdog.control.port must be between 0 and 65535, but was 99999",
                    "watchdog.yml: bots[0].name must be 1 to 63 lowercase letters, digits, '-' or '_', starting with"
                            + " a letter or digit, but was 'Bad Name'",
                    "watchdog.yml: bots[0].command must be a list of strings, but was a single string"
                            + " 'java -jar bot.jar'; write it as [\"java\", \"-jar\", \"bot.jar\"]",
                    "watchdog.yml: bots[0].health.intervall is not a known key; did you mean 'interval'?",
                    "watchdog.yml: bots[0].health.timeout must be a duration like 500ms, 2s or 5m, but was 'soon'",
                    "watchdog.yml: bots[1].memory.max_mb must be 0 (no limit) or at least 16, but was 4",
                    "watchdog.yml: bots[1].stop.signal must be one of HUP, INT, QUIT, TERM, USR1, USR2, KILL, but"
                            + " was 'STOP'",
                    "environment: CHECK_INTERVAL must be a duration like 500ms, 2s or 5m, but was 'often'");
        }
    }

    @Nested
    class Syntax {
        @Test
        void aSyntaxErrorGivesLineAndColumn() {
            assertThat(errors("bots:\n  - name: a\n    command: [x, y\n  - name: b\n")).containsExactly(
                    "watchdog.yml: invalid YAML at line 4, column 9: expected ',' or ']', but got : (while parsing"
                            + " a flow sequence at line 3, column 14)");
        }

        @Test
        void aColonInAPlainValueGetsAHint() {
            assertThat(errors("bots:\n  - name: a\n    command: [x]\n    env:\n      TOKEN: abc: def\n"))
                    .containsExactly("watchdog.yml: invalid YAML at line 5, column 17: mapping values are not allowed"
                            + " here; check the indentation, and quote a value that contains ': '");
        }

        @Test
        void tabsAreReportedAtTheirPosition() {
            assertThat(errors("watchdog:\n\tlog_dir: x\n")).singleElement().asString()
                    .startsWith("watchdog.yml: invalid YAML at line 2, column 1: found character '\\t(TAB)'");
        }

        @Test
        void onlyOneDocumentIsAllowed() {
            assertThat(errors("watchdog: {}\n---\nbots: []\n")).containsExactly(
                    "watchdog.yml: line 3: only one YAML document is allowed, but a second one starts here (remove"
                            + " the '---')");
        }

        @Test
        void aliasesAreRefused() {
            assertThat(errors("bots:\n  - name: a\n    command: &cmd [x]\n  - name: b\n    command: *cmd\n"))
                    .contains("watchdog.yml: bots[1].command is a YAML alias (*name), which is not supported; write"
                            + " the value out, in quotes if it starts with *");
        }

        @Test
        void theEnvironmentIsStillCheckedNextToASyntaxError() {
            assertThat(errors("bots: [", Map.of("MAX_MEMORY_MB", "lots"))).hasSize(2)
                    .last().isEqualTo("environment: MAX_MEMORY_MB must be a whole number of MB, but was 'lots'");
        }
    }

    @Nested
    class Environment {
        private static final String TWO_BOTS = "bots:\n"
                + "  - name: a\n    command: [x]\n    health:\n      type: tcp\n      port: 7001\n"
                + "      interval: 30s\n"
                + "  - name: b\n    command: [y]\n    health:\n      type: none\n";

        @Test
        void overridesApplyToEveryBotAfterTheFile() throws ConfigException {
            WatchdogConfig config = parse(TWO_BOTS, Map.of("CHECK_INTERVAL", "250ms", "RESTART_COOLDOWN_BASE", "1",
                    "MAX_RESTART_COOLDOWN", "2m", "MAX_MEMORY_MB", "0"));

            for (BotConfig bot : config.bots()) {
                assertThat(bot.health().interval()).isEqualTo(Duration.ofMillis(250));
                assertThat(bot.restart().backoffBase()).isEqualTo(Duration.ofSeconds(1));
                assertThat(bot.restart().backoffMax()).isEqualTo(Duration.ofMinutes(2));
                assertThat(bot.memory().maxMb()).isZero();
            }
        }

        @Test
        void overridesApplyToTheDemoBotToo() throws ConfigException {
            BotConfig demo = only(ConfigLoader.load(null, Map.of("CHECK_INTERVAL", "2.5", "MAX_MEMORY_MB", "128")));
            assertThat(demo.health().interval()).isEqualTo(Duration.ofMillis(2500));
            assertThat(demo.memory().maxMb()).isEqualTo(128);
        }

        @Test
        void healthPortMovesTheDemoBotsProbeAndOnlyTheDemoBots() throws ConfigException {
            // The demo bot listens on HEALTH_PORT: the probe must follow, and the bot is given the variable (a bot
            // inherits nothing of the watchdog's environment).
            BotConfig demo = only(ConfigLoader.load(null, Map.of("HEALTH_PORT", "18777")));
            assertThat(demo.health().url()).hasToString("http://127.0.0.1:18777/health");
            assertThat(demo.env()).containsExactly(Map.entry("HEALTH_PORT", "18777"));
            assertThat(only(parse(bot(""), Map.of("HEALTH_PORT", "nonsense"))).health().url())
                    .hasToString("http://127.0.0.1:5001/health");
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HEALTH_PORT", "70000")))
                    .hasMessageContaining("environment: HEALTH_PORT (the demo bot's health port) must be a port from"
                            + " 1 to 65535, but was '70000'");
        }

        @Test
        void blankAndUnrelatedVariablesChangeNothing() throws ConfigException {
            WatchdogConfig config = parse(TWO_BOTS, Map.of("CHECK_INTERVAL", " ", "PATH", "/usr/bin"));
            assertThat(config.bots().get(0).health().interval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.bots().get(1).health().interval()).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void anInvalidValueNamesTheVariable() {
            assertThat(errors(TWO_BOTS, Map.of("CHECK_INTERVAL", "x"))).containsExactly(
                    "environment: CHECK_INTERVAL must be a duration like 500ms, 2s or 5m, but was 'x'");
            assertThat(errors(TWO_BOTS, Map.of("MAX_MEMORY_MB", "1G"))).containsExactly(
                    "environment: MAX_MEMORY_MB must be a whole number of MB, but was '1G'");
        }

        @Test
        void theRangeRulesApplyToOverrides() {
            assertThat(errors(TWO_BOTS, Map.of("CHECK_INTERVAL", "10ms"))).containsExactly(
                    "environment: CHECK_INTERVAL must be at least 100ms, but was 10ms");
            assertThat(errors(TWO_BOTS, Map.of("MAX_MEMORY_MB", "8"))).containsExactly(
                    "environment: MAX_MEMORY_MB must be 0 (no limit) or at least 16, but was 8");
            assertThat(errors(TWO_BOTS, Map.of("RESTART_COOLDOWN_BASE", "-1"))).containsExactly(
                    "environment: RESTART_COOLDOWN_BASE must be at least 0s, but was -1s");
            assertThat(errors(TWO_BOTS, Map.of("RESTART_COOLDOWN_BASE", "10m", "MAX_RESTART_COOLDOWN", "5m")))
                    .containsExactly("environment: MAX_RESTART_COOLDOWN must be at least RESTART_COOLDOWN_BASE"
                            + " (10m), but was 5m");
        }

        @Test
        void anOverrideBelowTheFilesBaseNamesTheVariableAndTheField() {
            String yaml = bot("restart:\n  backoff_base: 30s");
            assertThat(errors(yaml, Map.of("MAX_RESTART_COOLDOWN", "10s"))).containsExactly(
                    "environment: MAX_RESTART_COOLDOWN must be at least bots[0].restart.backoff_base in watchdog.yml"
                            + " (30s), but was 10s");
        }

        @Test
        void aBaseOverAFileMaxNamesTheVariableAndTheField() {
            String yaml = bot("restart:\n  backoff_max: 1m");
            assertThat(errors(yaml, Map.of("RESTART_COOLDOWN_BASE", "2m"))).containsExactly(
                    "environment: RESTART_COOLDOWN_BASE must be at most bots[0].restart.backoff_max in watchdog.yml"
                            + " (1m), but was 2m");
        }

        @Test
        void aBaseOverTheDefaultMaxIsReportedOnceWithTheFix() {
            assertThat(errors(TWO_BOTS, Map.of("RESTART_COOLDOWN_BASE", "10m"))).containsExactly(
                    "environment: RESTART_COOLDOWN_BASE must be at most the default restart.backoff_max (5m), but"
                            + " was 10m; set MAX_RESTART_COOLDOWN as well");
        }

        @Test
        void defaultsRejectAnInvalidOverrideAsAnUncheckedException() {
            assertThatThrownBy(() -> ConfigLoader.defaults(base, Map.of("CHECK_INTERVAL", "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("environment: CHECK_INTERVAL must be a duration like 500ms, 2s or 5m, but was 'x'")
                    .hasCauseInstanceOf(ConfigException.class);
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CHECK_INTERVAL", "x")))
                    .isInstanceOf(ConfigException.class);
        }

        @Test
        void anOverrideDoesNotHideAnInvalidFileValue() {
            assertThat(errors(bot("health:\n  interval: 1ms"), Map.of("CHECK_INTERVAL", "1s"))).containsExactly(
                    "watchdog.yml: bots[0].health.interval must be at least 100ms, but was 1ms");
        }
    }

    @Nested
    class Secrets {
        @Test
        void anEnvValueNeverAppearsInAnyErrorMessage() {
            List<String> yamls = List.of(
                    bot("env: \"TOKEN=" + SECRET + "\""),
                    bot("env: [\"" + SECRET + "\"]"),
                    bot("env:\n  TOKEN: [\"" + SECRET + "\"]"),
                    bot("env:\n  TOKEN:\n    value: \"" + SECRET + "\""),
                    bot("env:\n  TOKEN: \"" + SECRET + "\"\n  TOKEN: \"" + SECRET + "x\""),
                    bot("env:\n  TOKEN: *" + SECRET),
                    bot("env:\n  TOKEN: " + SECRET + ": oops"),
                    bot("env:\n  TOKEN: \"" + SECRET),
                    bot("env:\n  TOKEN: '" + SECRET + "'\n  9LIVES: '" + SECRET + "'"),
                    bot("env:\n  TOKEN: " + SECRET + "\nhealth:\n  interval: fast"));
            for (String yaml : yamls) {
                List<String> errors = errors(yaml, Map.of("CHECK_INTERVAL", "x"));
                assertThat(errors).as(yaml).isNotEmpty().noneMatch(e -> e.contains(SECRET));
            }
        }

        @Test
        void anEnvGivenAsAStringIsDescribedWithoutItsText() {
            assertThat(errors(bot("env: \"TOKEN=" + SECRET + "\""))).containsExactly(
                    "watchdog.yml: bots[0].env must be a map of NAME: value, but was a value that is not shown (it"
                            + " may be a secret)");
        }

        @Test
        void theConfigsStringFormDoesNotShowEnvValues() throws ConfigException {
            WatchdogConfig config = parse(bot("env:\n  TOKEN: " + SECRET));
            assertThat(only(config).env()).containsEntry("TOKEN", SECRET);
            assertThat(config.toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void suggestionsFollowTheDocumentedDistance() {
        List<String> known = List.of("url", "interval", "timeout");
        assertThat(Suggestions.didYouMean("intervl", known)).isEqualTo("did you mean 'interval'?");
        assertThat(Suggestions.didYouMean("INTERVAL", known)).isEqualTo("did you mean 'interval'?");
        assertThat(Suggestions.didYouMean("uri", known)).isEqualTo("did you mean 'url'?");
        assertThat(Suggestions.didYouMean("foo", known)).isEqualTo("known keys are: url, interval, timeout");
        assertThat(Suggestions.levenshtein("kitten", "sitting")).isEqualTo(3);
    }
}
