package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.config.NotifySinkConfig;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/** Builds the {@link Sink} a config entry describes, reading its secret by reference. Stateless. */
final class Sinks {
    private Sinks() {
    }

    /** A sink that cannot be built: its message names the sink and the variable, never a value. */
    static final class SetupException extends Exception {
        private static final long serialVersionUID = 1L;

        SetupException(String message) {
            super(message);
        }
    }

    /**
     * @param env the watchdog's environment with {@code notify.env_file} laid over it
     * @param tls STARTTLS socket factory for email sinks, or null for the JDK's trust store
     */
    static Sink create(NotifySinkConfig c, Map<String, String> env, SSLSocketFactory tls) throws SetupException {
        try {
            return switch (c.type()) {
                case WEBHOOK -> new HttpSink(c.name(), "webhook", secret(c, c.urlEnv(), env), c.timeout(),
                        Payloads::webhook);
                case DISCORD -> new HttpSink(c.name(), "discord", secret(c, c.urlEnv(), env), c.timeout(),
                        Payloads::discord);
                case SLACK -> new HttpSink(c.name(), "slack", secret(c, c.urlEnv(), env), c.timeout(),
                        Payloads::slack);
                // The only reference to EmailSink: the mail classes load when this line first runs.
                case EMAIL -> new EmailSink(c, c.passwordEnv() == null ? null : secret(c, c.passwordEnv(), env), tls);
                case EXEC -> new ExecSink(c.name(), c.command(), c.timeout());
            };
        } catch (IllegalArgumentException e) {
            throw new SetupException("notify sink " + c.name() + ": " + e.getMessage());
        }
    }

    private static Secret secret(NotifySinkConfig c, String variable, Map<String, String> env) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is not set (in the watchdog's environment or"
                    + " notify.env_file)");
        }
        return new Secret(variable, value);
    }
}
