package io.ultrawatch.watchdog.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ultrawatch.watchdog.config.NotifySinkConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets are held by reference and never shown: toString()s, setup errors and answers name the variable only. */
class NotifySecretsTest {
    private static final String URL = "https://discord.com/api/webhooks/123/sEcReT-T0KEN";
    private static final String PASSWORD = "pw-T0KEN-42";

    private static NotifySinkConfig config(NotifySinkConfig.Type type) {
        NotifySinkConfig d = NotifySinkConfig.DEFAULTS;
        return new NotifySinkConfig("s", type, d.events(), Duration.ofSeconds(1), "HOOK", "127.0.0.1", 1, true,
                "bot@example.com", "SMTP_PASSWORD", "bot@example.com", List.of("me@example.com"), List.of());
    }

    @Test
    void noToStringShowsTheValue() throws Exception {
        Map<String, String> env = Map.of("HOOK", URL, "SMTP_PASSWORD", PASSWORD);
        Secret secret = new Secret("HOOK", URL);
        try (Sink discord = Sinks.create(config(NotifySinkConfig.Type.DISCORD), env, null);
             Sink mail = Sinks.create(config(NotifySinkConfig.Type.EMAIL), env, null)) {
            String all = secret + " " + discord + " " + mail + " " + config(NotifySinkConfig.Type.EMAIL);

            assertThat(all).contains("$HOOK", "$SMTP_PASSWORD").doesNotContain("T0KEN");
        }
    }

    @Test
    void aLibraryMessageQuotingTheValueIsRedacted() {
        Secret secret = new Secret("HOOK", URL);

        assertThat(secret.redact("unexpected end of stream on " + URL + "/..."))
                .isEqualTo("unexpected end of stream on $HOOK/...");
        assertThat(secret.redact(null)).isNull();
    }

    @Test
    void setupErrorsNameTheVariableNotTheValue() {
        assertThatThrownBy(() -> Sinks.create(config(NotifySinkConfig.Type.SLACK), Map.of("HOOK", "not a url T0KEN"),
                null)).hasMessage("notify sink s: the value of HOOK is not an http or https URL (the value is not"
                + " shown: it is a secret)");
        assertThatThrownBy(() -> Sinks.create(config(NotifySinkConfig.Type.EMAIL), Map.of(), null))
                .hasMessage("notify sink s: SMTP_PASSWORD is not set (in the watchdog's environment or"
                        + " notify.env_file)");
    }

    @Test
    void aRefusedConnectionNamesNoSecret() throws Exception {
        Map<String, String> env = Map.of("HOOK", "http://127.0.0.1:1/api/webhooks/1/T0KEN", "SMTP_PASSWORD", PASSWORD);
        try (LogCapture logs = new LogCapture();
             Sink hook = Sinks.create(config(NotifySinkConfig.Type.WEBHOOK), env, null);
             Sink mail = Sinks.create(config(NotifySinkConfig.Type.EMAIL), env, null)) {
            Notification n = Messages.test("s", java.time.Instant.EPOCH);
            SendResult a = hook.send(n);
            SendResult b = mail.send(n);

            assertThat(a.outcome()).isEqualTo(SendResult.Outcome.RETRY);
            assertThat(b.outcome()).isEqualTo(SendResult.Outcome.RETRY);
            assertThat(a + " " + b + logs.lines()).doesNotContain("T0KEN");
        }
    }
}
