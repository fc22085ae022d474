package io.ultrawatch.watchdog.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One destination of notifications (an element of {@code notify.sinks}). Which fields apply depends on the
 * {@link Type}; the others keep their {@link #DEFAULTS} (the loader refuses a key that does not belong to the type).
 * Holds names of environment variables, never their values: {@code toString()} is safe to log.
 *
 * @param name unique among the sinks; names the sink in logs, metrics and {@code ultrawatch notify test --sink}
 * @param events the event kinds sent ({@code restart} means a restart for a failure: exited, health_check_failed,
 *     startup_timeout, memory_limit), wire names in file order
 * @param timeout one delivery attempt slower than this fails (HTTP call, SMTP session, exec run)
 * @param urlEnv webhook, discord, slack: the variable holding the URL (the URL is the secret)
 * @param host email: the SMTP server
 * @param port email: its port (587 is submission with STARTTLS)
 * @param starttls email: require STARTTLS before anything else is sent
 * @param username email: the login, or {@code null} for none
 * @param passwordEnv email: the variable holding the password, or {@code null} for none
 * @param from email: the sender address
 * @param to email: the recipients
 * @param command exec: the program and its arguments; it gets the message as JSON on stdin
 */
public record NotifySinkConfig(String name, Type type, List<String> events, Duration timeout, String urlEnv,
                               String host, int port, boolean starttls, String username, String passwordEnv,
                               String from, List<String> to, List<String> command) {
    /** The kinds of sink: how a message is shaped and carried. */
    public enum Type {
        WEBHOOK, DISCORD, SLACK, EMAIL, EXEC;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The types whose secret is a URL in {@code url_env}. */
        public boolean http() {
            return this == WEBHOOK || this == DISCORD || this == SLACK;
        }
    }

    /** The events a sink gets when it lists none: failures and the states a person has to act on. */
    public static final List<String> DEFAULT_EVENTS = List.of("restart", "crash_looping", "held", "waiting_for_fix",
            "recovered", "watchdog_revived", "config_invalid");

    /** The value of every key a sink leaves out; name and type are required and have none. */
    public static final NotifySinkConfig DEFAULTS = new NotifySinkConfig(null, null, DEFAULT_EVENTS,
            Duration.ofSeconds(10), null, null, 587, true, null, null, null, List.of(), List.of());

    public NotifySinkConfig {
        events = List.copyOf(events);
        to = List.copyOf(to);
        command = List.copyOf(command);
    }
}
