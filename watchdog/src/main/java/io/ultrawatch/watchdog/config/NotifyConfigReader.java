package io.ultrawatch.watchdog.config;

import io.ultrawatch.watchdog.config.NotifySinkConfig.Type;
import io.ultrawatch.watchdog.model.EventKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the {@code notify} section for {@link ConfigLoader}, reporting problems the same way (file, field, rule,
 * value). A sink key that its type does not take is an error, as an unknown key is: a {@code host} under a discord
 * sink is a mistake, not something to ignore. Nothing is looked up in the environment here (like a bot's env file, a
 * variable may be set later); the notifier reports a variable that is not set, by name. Stateless.
 */
final class NotifyConfigReader {
    static final List<String> NOTIFY_KEYS = List.of("min_interval", "digest_at", "env_file", "sinks");
    static final List<String> SINK_KEYS = List.of("name", "type", "events", "timeout", "url_env", "host", "port",
            "starttls", "username", "password_env", "from", "to", "command");
    private static final List<String> COMMON_KEYS = List.of("name", "type", "events", "timeout");
    private static final Map<Type, List<String>> TYPE_KEYS = Map.of(
            Type.WEBHOOK, List.of("url_env"),
            Type.DISCORD, List.of("url_env"),
            Type.SLACK, List.of("url_env"),
            Type.EMAIL, List.of("host", "port", "starttls", "username", "password_env", "from", "to"),
            Type.EXEC, List.of("command"));
    private static final Pattern TIME = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");
    /** Enough to catch a typo, not a full RFC 5322 check: the SMTP server has the last word. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+");
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

    private NotifyConfigReader() {
    }

    static NotifyConfig read(ConfigNode n, Path base) {
        NotifyConfig d = NotifyConfig.DEFAULTS;
        if (!n.present()) {
            return d;
        }
        n.checkMap("a map with the keys " + String.join(", ", NOTIFY_KEYS), NOTIFY_KEYS);
        Duration minInterval = n.get("min_interval").duration(d.minInterval(), Duration.ZERO);
        LocalTime digestAt = digestAt(n.get("digest_at"));
        Path envFile = n.get("env_file").resolvedPath(d.envFile(), base);
        return new NotifyConfig(minInterval, digestAt, envFile, sinks(n.get("sinks")));
    }

    private static LocalTime digestAt(ConfigNode n) {
        if (!n.present() || (n.isText() && n.text().strip().equals("none"))) {
            return NotifyConfig.DEFAULTS.digestAt();
        }
        Matcher m = TIME.matcher(n.isText() ? n.text().strip() : "");
        if (!m.matches()) {
            n.invalid("must be a local time like \"08:00\" (24-hour HH:MM), or none");
            return NotifyConfig.DEFAULTS.digestAt();
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private static List<NotifySinkConfig> sinks(ConfigNode n) {
        List<NotifySinkConfig> sinks = new ArrayList<>();
        if (!n.present()) {
            return sinks;
        }
        if (!n.isList()) {
            n.invalid("must be a list of sinks, each starting with '- name:'");
            return sinks;
        }
        Map<String, Integer> seen = new HashMap<>();
        List<ConfigNode> entries = n.elements();
        for (int i = 0; i < entries.size(); i++) {
            ConfigNode s = entries.get(i);
            if (!s.isMap()) {
                s.invalid("must be a map with at least name and type");
                continue;
            }
            s.checkMap("a map with at least name and type", SINK_KEYS);
            sinks.add(sink(s, i, seen));
        }
        return sinks;
    }

    private static NotifySinkConfig sink(ConfigNode s, int index, Map<String, Integer> seen) {
        NotifySinkConfig d = NotifySinkConfig.DEFAULTS;
        String name = ConfigLoader.uniqueName(s.get("name"), index, seen, "notify.sinks");
        Type type = type(s.get("type"));
        if (type != null) {
            List<String> allowed = new ArrayList<>(COMMON_KEYS);
            allowed.addAll(TYPE_KEYS.get(type));
            for (String key : s.entries().keySet()) {
                if (SINK_KEYS.contains(key) && !allowed.contains(key)) {
                    s.get(key).error("is not a key of a " + type.wireName() + " sink, which takes "
                            + String.join(", ", allowed));
                }
            }
        }
        List<String> events = events(s.get("events"));
        Duration timeout = s.get("timeout").duration(d.timeout(), MIN_TIMEOUT);
        boolean http = type != null && type.http();
        boolean email = type == Type.EMAIL;
        String urlEnv = http ? variable(s.get("url_env"), true, "the variable that holds the webhook URL") : null;
        String host = email ? required(s.get("host"), "the SMTP server, like smtp.example.com") : d.host();
        int port = email ? (int) s.get("port").whole(d.port(), 1, 65535) : d.port();
        boolean starttls = email ? s.get("starttls").bool(d.starttls()) : d.starttls();
        String username = email ? s.get("username").nonEmptyString(d.username()) : d.username();
        String passwordEnv = email ? variable(s.get("password_env"), false, null) : d.passwordEnv();
        if (email && passwordEnv != null && username == null) {
            s.get("password_env").error("needs username as well: the password is sent with a login");
        }
        String from = email ? address(s.get("from"), true) : d.from();
        List<String> to = email ? recipients(s.get("to")) : d.to();
        List<String> command = type == Type.EXEC ? ConfigLoader.command(s.get("command")) : d.command();
        return new NotifySinkConfig(name, type, events, timeout, urlEnv, host, port, starttls, username,
                passwordEnv, from, to, command);
    }

    private static Type type(ConfigNode n) {
        String kinds = Arrays.stream(Type.values()).map(Type::wireName).collect(Collectors.joining(", "));
        if (!n.present()) {
            n.error("is required: one of " + kinds);
            return null;
        }
        String s = n.isText() ? n.text().strip().toLowerCase(Locale.ROOT) : "";
        for (Type t : Type.values()) {
            if (t.wireName().equals(s)) {
                return t;
            }
        }
        n.invalid("must be one of " + kinds);
        return null;
    }

    private static List<String> events(ConfigNode n) {
        if (!n.present()) {
            return NotifySinkConfig.DEFAULTS.events();
        }
        List<String> known = Arrays.stream(EventKind.values()).map(EventKind::wireName).toList();
        if (!n.isList()) {
            n.invalid("must be a list of event kinds, like [restart, crash_looping]");
            return NotifySinkConfig.DEFAULTS.events();
        }
        List<String> events = new ArrayList<>();
        for (ConfigNode e : n.elements()) {
            String kind = e.isText() ? e.text().strip() : null;
            if (kind == null) {
                e.invalid("must be an event kind");
            } else if (!known.contains(kind)) {
                e.error("must be an event kind, but was " + e.shown() + "; " + Suggestions.didYouMean(kind, known));
            } else if (!events.contains(kind)) {
                events.add(kind);
            }
        }
        if (n.elements().isEmpty()) {
            n.error("must list at least one event kind (remove the sink to send nothing)");
            return NotifySinkConfig.DEFAULTS.events();
        }
        return events;
    }

    /** An environment variable's name (never its value, which is not read here). */
    private static String variable(ConfigNode n, boolean required, String what) {
        if (!n.present()) {
            if (required) {
                n.error("is required: the name of " + what + ", like DISCORD_WEBHOOK_URL");
            }
            return null;
        }
        String name = n.nonEmptyString(null);
        if (name == null) {
            return null;
        }
        if (!EnvFile.NAME.matcher(name.strip()).matches()) {
            // Someone pasted the secret itself here: do not repeat it in the message.
            n.secret().invalid("must name an environment variable (letters, digits and '_', not starting with a"
                    + " digit); the secret itself goes in the environment or notify.env_file, never in this file");
            return null;
        }
        return name.strip();
    }

    private static String required(ConfigNode n, String example) {
        if (!n.present()) {
            n.error("is required: " + example);
            return null;
        }
        String s = n.nonEmptyString(null);
        return s == null ? null : s.strip();
    }

    private static String address(ConfigNode n, boolean required) {
        if (!n.present()) {
            if (required) {
                n.error("is required: an e-mail address like bot@example.com");
            }
            return null;
        }
        String s = n.nonEmptyString(null);
        if (s == null) {
            return null;
        }
        if (!ADDRESS.matcher(s.strip()).matches()) {
            n.invalid("must be an e-mail address like bot@example.com");
            return null;
        }
        return s.strip();
    }

    private static List<String> recipients(ConfigNode n) {
        List<String> to = new ArrayList<>();
        if (!n.present()) {
            n.error("is required: a list of e-mail addresses like [me@example.com]");
            return to;
        }
        if (n.isText()) {
            String one = address(n, true);
            if (one != null) {
                to.add(one);
            }
            return to;
        }
        if (!n.isList() || n.elements().isEmpty()) {
            n.invalid("must be a non-empty list of e-mail addresses like [me@example.com]");
            return to;
        }
        for (ConfigNode e : n.elements()) {
            String a = address(e, true);
            if (a != null) {
                to.add(a);
            }
        }
        return to;
    }
}
