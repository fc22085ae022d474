package io.ultrawatch.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.model.Signal;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds the {@code (default: X)} comments of {@code watchdog.example.yml} (the file users copy, at the top of the
 * repository) to the defaults the code applies, the records' {@code DEFAULTS} constants: a default changed in the code
 * but not in the example, or the other way round, fails here instead of misleading a user.
 */
class ExampleConfigTest {
    /** Every section the loader knows and its keys, by the path the example file's nesting gives them. */
    private static final Map<String, List<String>> SECTIONS = Map.ofEntries(
            Map.entry("", ConfigLoader.TOP_KEYS),
            Map.entry("watchdog", ConfigLoader.WATCHDOG_KEYS),
            Map.entry("watchdog.control", ConfigLoader.CONTROL_KEYS),
            Map.entry("watchdog.log", ConfigLoader.LOG_KEYS),
            Map.entry("bots[]", ConfigLoader.BOT_KEYS),
            Map.entry("bots[].health", ConfigLoader.HEALTH_KEYS),
            Map.entry("bots[].memory", ConfigLoader.MEMORY_KEYS),
            Map.entry("bots[].restart", ConfigLoader.RESTART_KEYS),
            Map.entry("bots[].stop", ConfigLoader.STOP_KEYS),
            Map.entry("bots[].schedule", ConfigLoader.SCHEDULE_KEYS),
            Map.entry("bots[].log", ConfigLoader.LOG_KEYS),
            Map.entry("notify", NotifyConfigReader.NOTIFY_KEYS),
            Map.entry("notify.sinks[]", NotifyConfigReader.SINK_KEYS));
    /** Keys that are required, so they have no default to document. */
    private static final Set<String> REQUIRED = Set.of("bots[].name", "bots[].command", "notify.sinks[].name",
            "notify.sinks[].type", "notify.sinks[].url_env", "notify.sinks[].host", "notify.sinks[].from",
            "notify.sinks[].to", "notify.sinks[].command");
    private static final Pattern KEY_LINE = Pattern.compile("^( *)(- )?([A-Za-z_][A-Za-z0-9_]*):(.*)$");
    private static final Pattern COMMENT_LINE = Pattern.compile("^( *)#(.*)$");
    private static final Pattern DEFAULT = Pattern.compile("\\(default: ([^)]*)\\)");

    /** A default that is "not set"; the docs name it with one of these words (or what stands in for it). */
    private record Unset(String word, String... aliases) {
        boolean namedBy(String text) {
            return word.equals(text) || List.of(aliases).contains(text);
        }

        @Override
        public String toString() {
            return word;
        }
    }

    /** The default of every key that has one, from the constants; keys that default to nothing say what instead. */
    static Map<String, Object> codeDefaults() {
        WatchdogSettings w = WatchdogSettings.DEFAULTS;
        HealthConfig h = HealthConfig.DEFAULTS;
        MemoryConfig m = MemoryConfig.DEFAULTS;
        RestartConfig r = RestartConfig.DEFAULTS;
        StopConfig s = StopConfig.DEFAULTS;
        ScheduleConfig sc = ScheduleConfig.DEFAULTS;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("watchdog.status_dir", w.statusDir());
        d.put("watchdog.log_dir", w.logDir());
        d.put("watchdog.status_interval", w.statusInterval());
        d.put("watchdog.control.enabled", w.control().enabled());
        d.put("watchdog.control.host", w.control().host());
        d.put("watchdog.control.port", w.control().port());
        d.put("watchdog.control.open_metrics", w.control().openMetrics());
        d.put("watchdog.log.max_size_mb", w.log().maxSizeMb());
        d.put("watchdog.log.keep", w.log().keep());
        // BotConfig has no DEFAULTS (name and command are required); these keys default to "not set".
        d.put("bots[].working_dir", new Unset("this file's folder"));
        d.put("bots[].env", new Unset("none"));
        d.put("bots[].env_file", new Unset("none"));
        d.put("bots[].env_inherit", new Unset("none"));
        d.put("bots[].restart_flag_file", new Unset("none"));
        d.put("bots[].reload_signal", new Unset("none"));
        d.put("bots[].health.type", new Unset("http"));
        d.put("bots[].health.url", h.url());
        d.put("bots[].health.host", "127.0.0.1");
        d.put("bots[].health.port", new Unset("none"));
        d.put("bots[].health.command", new Unset("none"));
        d.put("bots[].health.path", new Unset("none"));
        d.put("bots[].health.max_age", new Unset("none"));
        d.put("bots[].health.watchdog_interval", new Unset("none"));
        d.put("bots[].health.startup_grace", HealthConfig.DEFAULT_STARTUP_GRACE);
        d.put("bots[].health.degraded_grace", h.degradedGrace());
        d.put("bots[].health.interval", h.interval());
        d.put("bots[].health.timeout", h.timeout());
        d.put("bots[].health.failure_threshold", h.failureThreshold());
        d.put("bots[].health.startup_timeout", h.startupTimeout());
        d.put("bots[].health.stop_grace", h.stopGrace() == null ? new Unset("stop.grace") : h.stopGrace());
        d.put("bots[].memory.max_mb", m.maxMb());
        d.put("bots[].memory.sample_interval", m.sampleInterval());
        d.put("bots[].memory.consecutive_samples", m.consecutiveSamples());
        d.put("bots[].restart.backoff_base", r.backoffBase());
        d.put("bots[].restart.backoff_factor", r.backoffFactor());
        d.put("bots[].restart.backoff_max", r.backoffMax());
        d.put("bots[].restart.jitter", r.jitter());
        d.put("bots[].restart.stable_after", r.stableAfter());
        d.put("bots[].restart.max_starts", r.maxStarts());
        d.put("bots[].restart.max_starts_window", r.maxStartsWindow());
        d.put("bots[].restart.wait_for_fix_exit_codes", r.waitForFixExitCodes());
        d.put("bots[].restart.wait_for_fix_watch", new Unset("none"));
        d.put("bots[].stop.signal", s.signal());
        d.put("bots[].stop.grace", s.grace());
        d.put("bots[].schedule.every", sc.every() == null ? new Unset("never", "off") : sc.every());
        d.put("bots[].schedule.jitter", sc.jitter());
        d.put("bots[].log.max_size_mb", LogConfig.DEFAULTS.maxSizeMb());
        d.put("bots[].log.keep", LogConfig.DEFAULTS.keep());
        NotifyConfig n = NotifyConfig.DEFAULTS;
        NotifySinkConfig ns = NotifySinkConfig.DEFAULTS;
        d.put("notify.min_interval", n.minInterval());
        d.put("notify.digest_at", n.digestAt() == null ? new Unset("none") : n.digestAt());
        d.put("notify.env_file", n.envFile() == null ? new Unset("none") : n.envFile());
        d.put("notify.sinks[].events", ns.events());
        d.put("notify.sinks[].timeout", ns.timeout());
        d.put("notify.sinks[].port", ns.port());
        d.put("notify.sinks[].starttls", ns.starttls());
        d.put("notify.sinks[].username", ns.username() == null ? new Unset("none") : ns.username());
        d.put("notify.sinks[].password_env", ns.passwordEnv() == null ? new Unset("none") : ns.passwordEnv());
        return d;
    }

    @Test
    void everyDefaultCommentAgreesWithTheCode() throws IOException {
        assertThat(disagreements(example())).isEmpty();
    }

    @Test
    void everyKeyTheLoaderKnowsHasADefaultCommentUnlessItIsRequiredOrASection() throws IOException {
        Map<String, List<String>> comments = defaultComments(example());
        List<String> missing = new ArrayList<>();
        for (String key : knownLeafKeys()) {
            if (!REQUIRED.contains(key) && !comments.containsKey(key)) {
                missing.add(key);
            }
        }
        assertThat(missing).as("keys without a (default: ...) comment in watchdog.example.yml").isEmpty();
    }

    @Test
    void theTableOfDefaultsCoversExactlyTheKeysThatHaveOne() {
        Set<String> expected = new LinkedHashSet<>(knownLeafKeys());
        expected.removeAll(REQUIRED);
        assertThat(codeDefaults().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aWrongCommentIsCaught() throws IOException {
        String wrong = example().replace("(default: 3)", "(default: 4)").replace("(default: TERM)", "(default: INT)");
        assertThat(wrong).isNotEqualTo(example());

        assertThat(disagreements(wrong)).anyMatch(s -> s.startsWith("bots[].health.failure_threshold:"))
                .anyMatch(s -> s.startsWith("bots[].stop.signal:"));
    }

    /**
     * The README's configuration reference table ({@code | `bots[].health.interval` / `timeout` | `5s` / `2s` |}) says
     * the same as the code; a row whose defaults are not one value per key (the "see the example" row) is skipped.
     */
    @Test
    void theReadmeTableOfDefaultsAgreesWithTheCode() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md").toAbsolutePath().normalize(),
                StandardCharsets.UTF_8);
        String table = readme.substring(readme.indexOf("## Configuration reference"));
        table = table.substring(0, table.indexOf("\n\n", table.indexOf("| key |")));
        Map<String, Object> code = codeDefaults();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String row : table.split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length < 3 || !cells[1].strip().startsWith("`")) {
                continue;
            }
            String[] keys = cells[1].replace("`", "").strip().split(" / ");
            String[] values = cells[2].replace("`", "").strip().split(" / ");
            if (keys.length != values.length || values[0].isEmpty()) {
                continue;
            }
            String prefix = keys[0].substring(0, keys[0].lastIndexOf('.') + 1);
            for (int i = 0; i < keys.length; i++) {
                String key = i == 0 ? keys[0] : prefix + keys[i];
                checked++;
                if (!code.containsKey(key)) {
                    wrong.add(key + ": not a key with a default");
                } else if (!agrees(code.get(key), values[i].strip())) {
                    wrong.add(key + ": the README says " + values[i].strip() + ", the code's default is "
                            + shown(code.get(key)));
                }
            }
        }
        assertThat(checked).as("defaults found in the README's table").isGreaterThan(20);
        assertThat(wrong).isEmpty();
    }

    /** One line per comment that disagrees with the code, naming the key, both values and the line. */
    static List<String> disagreements(String exampleText) {
        Map<String, Object> code = codeDefaults();
        List<String> out = new ArrayList<>();
        defaultComments(exampleText).forEach((key, texts) -> {
            for (String text : texts) {
                if (!code.containsKey(key)) {
                    out.add(key + ": the example gives (default: " + text + ") for a key without a default");
                } else if (!agrees(code.get(key), text)) {
                    out.add(key + ": the example says (default: " + text + "), the code's default is "
                            + shown(code.get(key)));
                }
            }
        });
        return out;
    }

    /**
     * The {@code (default: X)} texts of the example by key path ({@code bots[].health.interval}), from the comment on
     * the key's line and the comment-only lines indented below it. Keys under {@code env} are the user's variables.
     */
    static Map<String, List<String>> defaultComments(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Deque<Key> stack = new ArrayDeque<>();
        Key last = null;
        StringBuilder comment = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            Matcher c = COMMENT_LINE.matcher(line);
            if (c.matches()) {
                if (last != null && c.group(1).length() > last.indent) {
                    comment.append(' ').append(c.group(2));
                }
                continue;
            }
            Matcher k = KEY_LINE.matcher(line);
            if (!k.matches()) {
                continue;
            }
            collect(last, comment, out);
            int indent = k.group(1).length() + (k.group(2) == null ? 0 : 2);
            while (!stack.isEmpty() && stack.peek().indent >= indent) {
                stack.pop();
            }
            if (k.group(2) != null && !stack.isEmpty()) {
                stack.peek().list = true;
            }
            Key parent = stack.peek();
            String path = parent == null ? k.group(3) : parent.childPath() + "." + k.group(3);
            last = new Key(path, indent, parent != null && parent.underEnv());
            stack.push(last);
            int hash = k.group(4).indexOf(" #");
            comment.setLength(0);
            comment.append(hash < 0 ? "" : k.group(4).substring(hash + 2));
        }
        collect(last, comment, out);
        return out;
    }

    private static void collect(Key key, CharSequence comment, Map<String, List<String>> out) {
        if (key == null || key.underEnv) {
            return;
        }
        Matcher d = DEFAULT.matcher(comment);
        while (d.find()) {
            out.computeIfAbsent(key.path, x -> new ArrayList<>()).add(d.group(1).strip());
        }
    }

    private static final class Key {
        final String path;
        final int indent;
        final boolean underEnv;
        boolean list;

        Key(String path, int indent, boolean underEnv) {
            this.path = path;
            this.indent = indent;
            this.underEnv = underEnv;
        }

        String childPath() {
            return list ? path + "[]" : path;
        }

        boolean underEnv() {
            return underEnv || path.endsWith(".env") || path.equals("env");
        }
    }

    /** Every key path the loader accepts that holds a value rather than a section. */
    private static List<String> knownLeafKeys() {
        List<String> keys = new ArrayList<>();
        SECTIONS.forEach((section, names) -> {
            for (String name : names) {
                String path = section.isEmpty() ? name : section + "." + name;
                if (!SECTIONS.containsKey(path) && !SECTIONS.containsKey(path + "[]")) {
                    keys.add(path);
                }
            }
        });
        return keys;
    }

    private static boolean agrees(Object code, String text) {
        if (code instanceof Unset) {
            return ((Unset) code).namedBy(text);
        }
        try {
            if (code instanceof Duration) {
                return Durations.parse(text).equals(code);
            }
            if (code instanceof Number) {
                return new BigDecimal(text).compareTo(new BigDecimal(code.toString())) == 0;
            }
            if (code instanceof Signal) {
                return text.equals(((Signal) code).name());
            }
        } catch (IllegalArgumentException e) {
            return false; // also NumberFormatException: "2s" is not the number 2
        }
        return text.equals(code.toString());
    }

    private static String shown(Object code) {
        return code instanceof Duration ? Durations.format((Duration) code) : String.valueOf(code);
    }

    /** The example the README points to, at the top of the repository (tests run in the module's folder). */
    static String example() throws IOException {
        return Files.readString(Path.of("..", "watchdog.example.yml").toAbsolutePath().normalize(),
                StandardCharsets.UTF_8);
    }
}
