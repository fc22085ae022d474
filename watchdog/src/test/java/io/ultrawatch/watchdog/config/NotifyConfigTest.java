package io.ultrawatch.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.NotifySinkConfig.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code notify} section: values, defaults, and errors that name file, field, value and rule. */
class NotifyConfigTest {
    private static final Path SOURCE = Path.of("watchdog.yml");
    private static final String BOTS = "bots:\n  - name: a\n    command: [x]\n";

    @TempDir
    Path base;

    private NotifyConfig parse(String notify) throws ConfigException {
        return ConfigLoader.parse(BOTS + notify, SOURCE, base, Map.of()).notifications();
    }

    private List<String> errors(String notify) {
        try {
            throw new AssertionError("expected a ConfigException, got " + parse(notify));
        } catch (ConfigException e) {
            return e.errors();
        }
    }

    @Test
    void withoutTheKeyThereAreNoSinks() throws ConfigException {
        NotifyConfig n = parse("");

        assertThat(n).isEqualTo(NotifyConfig.DEFAULTS);
        assertThat(n.enabled()).isFalse();
        assertThat(n.minInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(n.digestAt()).isNull();
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        NotifyConfig n = parse("""
                notify:
                  min_interval: 10m
                  digest_at: "07:30"
                  env_file: secrets/notify.env
                  sinks:
                    - name: phone
                      type: discord
                      url_env: DISCORD_WEBHOOK_URL
                      events: [restart, held]
                      timeout: 3s
                    - name: mail
                      type: email
                      host: smtp.example.com
                      port: 2525
                      starttls: false
                      username: bot@example.com
                      password_env: SMTP_PASSWORD
                      from: bot@example.com
                      to: [me@example.com, you@example.com]
                    - name: script
                      type: exec
                      command: ["/usr/local/bin/page-me", "--now"]
                """);

        assertThat(n.minInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(n.digestAt()).isEqualTo(LocalTime.of(7, 30));
        assertThat(n.envFile()).isEqualTo(base.resolve("secrets/notify.env"));
        NotifySinkConfig phone = n.sinks().get(0);
        assertThat(phone.type()).isEqualTo(Type.DISCORD);
        assertThat(phone.urlEnv()).isEqualTo("DISCORD_WEBHOOK_URL");
        assertThat(phone.events()).containsExactly("restart", "held");
        assertThat(phone.timeout()).isEqualTo(Duration.ofSeconds(3));
        NotifySinkConfig mail = n.sinks().get(1);
        assertThat(mail.events()).isEqualTo(NotifySinkConfig.DEFAULT_EVENTS);
        assertThat(mail.host()).isEqualTo("smtp.example.com");
        assertThat(mail.port()).isEqualTo(2525);
        assertThat(mail.starttls()).isFalse();
        assertThat(mail.username()).isEqualTo("bot@example.com");
        assertThat(mail.passwordEnv()).isEqualTo("SMTP_PASSWORD");
        assertThat(mail.to()).containsExactly("me@example.com", "you@example.com");
        assertThat(mail.timeout()).isEqualTo(NotifySinkConfig.DEFAULTS.timeout());
        assertThat(n.sinks().get(2).command()).containsExactly("/usr/local/bin/page-me", "--now");
        assertThat(n.sink("script")).isPresent();
    }

    @Test
    void theDefaultEventSetIsFailuresAndStatesToActOn() {
        assertThat(NotifySinkConfig.DEFAULT_EVENTS).containsExactly("restart", "crash_looping", "held",
                "waiting_for_fix", "recovered", "watchdog_revived", "config_invalid");
    }

    @Test
    void unknownKeysAndKindsGetADidYouMean() {
        assertThat(errors("notify:\n  min_intervall: 1m\n  sinks:\n    - name: p\n      type: discrod\n"
                + "      url_env: X\n      events: [restrat]\n")).containsExactly(
                "watchdog.yml: notify.min_intervall is not a known key; did you mean 'min_interval'?",
                "watchdog.yml: notify.sinks[0].type must be one of webhook, discord, slack, email, exec, but was"
                        + " 'discrod'",
                "watchdog.yml: notify.sinks[0].events[0] must be an event kind, but was 'restrat'; did you mean"
                        + " 'restart'?");
    }

    @Test
    void aKeyOfAnotherTypeOfSinkIsAnError() {
        assertThat(errors("notify:\n  sinks:\n    - name: p\n      type: discord\n      url_env: X\n"
                + "      host: smtp.example.com\n")).containsExactly(
                "watchdog.yml: notify.sinks[0].host is not a key of a discord sink, which takes name, type, events,"
                        + " timeout, url_env");
    }

    @Test
    void requiredKeysAreNamedWithAnExample() {
        assertThat(errors("notify:\n  sinks:\n    - type: slack\n    - name: m\n      type: email\n"
                + "    - name: e\n      type: exec\n")).containsExactly(
                "watchdog.yml: notify.sinks[0].name is required",
                "watchdog.yml: notify.sinks[0].url_env is required: the name of the variable that holds the webhook"
                        + " URL, like DISCORD_WEBHOOK_URL",
                "watchdog.yml: notify.sinks[1].host is required: the SMTP server, like smtp.example.com",
                "watchdog.yml: notify.sinks[1].from is required: an e-mail address like bot@example.com",
                "watchdog.yml: notify.sinks[1].to is required: a list of e-mail addresses like [me@example.com]",
                "watchdog.yml: notify.sinks[2].command is required: the program and its arguments, like [\"java\","
                        + " \"-jar\", \"bot.jar\"]");
    }

    @Test
    void aSecretPastedWhereItsVariableBelongsIsNotRepeated() {
        String url = "https://discord.com/api/webhooks/123/s3cr3t-t0ken";
        List<String> errors = errors("notify:\n  sinks:\n    - name: p\n      type: discord\n      url_env: " + url
                + "\n");

        assertThat(errors).singleElement().asString()
                .startsWith("watchdog.yml: notify.sinks[0].url_env must name an environment variable")
                .contains("never in this file").doesNotContain("s3cr3t").doesNotContain("webhooks");
    }

    @Test
    void valuesAreChecked() {
        assertThat(errors("notify:\n  min_interval: -1s\n  digest_at: 25:00\n  sinks:\n"
                + "    - name: m\n      type: email\n      host: h\n      port: 0\n      from: nobody\n"
                + "      to: [me@example.com]\n      password_env: P\n      timeout: 10ms\n"
                + "    - name: m\n      type: exec\n      command: [x]\n      events: []\n")).containsExactly(
                "watchdog.yml: notify.min_interval must be at least 0s, but was -1s",
                "watchdog.yml: notify.digest_at must be a local time like \"08:00\" (24-hour HH:MM), or none, but"
                        + " was '25:00'",
                "watchdog.yml: notify.sinks[0].timeout must be at least 100ms, but was 10ms",
                "watchdog.yml: notify.sinks[0].port must be between 1 and 65535, but was 0",
                "watchdog.yml: notify.sinks[0].password_env needs username as well: the password is sent with a login",
                "watchdog.yml: notify.sinks[0].from must be an e-mail address like bot@example.com, but was 'nobody'",
                "watchdog.yml: notify.sinks[1].name must be unique, but 'm' is also the name of notify.sinks[0]",
                "watchdog.yml: notify.sinks[1].events must list at least one event kind (remove the sink to send"
                        + " nothing)");
    }

    @Test
    void digestAtNoneMeansNoDigest() throws ConfigException {
        assertThat(parse("notify:\n  digest_at: none\n").digestAt()).isNull();
    }

    @Test
    void theRecordsNeverHoldASecretValue() throws ConfigException {
        NotifyConfig n = parse("notify:\n  sinks:\n    - name: p\n      type: webhook\n      url_env: HOOK\n");

        assertThat(n.toString()).contains("HOOK").doesNotContain("http");
    }
}
