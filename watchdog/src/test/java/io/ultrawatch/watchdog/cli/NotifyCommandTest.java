package io.ultrawatch.watchdog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ultrawatch notify test}: one try per sink, what each answered, and the exit code. */
class NotifyCommandTest {
    @TempDir
    Path dir;
    private final MockWebServer discord = new MockWebServer();
    private final MockWebServer slack = new MockWebServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        discord.start(InetAddress.getLoopbackAddress(), 0);
        slack.start(InetAddress.getLoopbackAddress(), 0);
        // The URLs come from the env file (the test cannot set the JVM's environment); they are secrets either way.
        Files.writeString(dir.resolve("notify.env"), "DISCORD_URL=" + discord.url("/api/webhooks/1/T0KEN-a")
                + "\nSLACK_URL=" + slack.url("/services/T0KEN-b") + "\n");
    }

    @AfterEach
    void stop() throws IOException {
        discord.shutdown();
        slack.shutdown();
    }

    private Path config(String sinksExtra) throws IOException {
        return Files.writeString(dir.resolve("watchdog.yml"), """
                bots:
                  - name: demo
                    command: [x]
                notify:
                  env_file: notify.env
                  sinks:
                    - {name: phone, type: discord, url_env: DISCORD_URL, timeout: 2s}
                    - {name: chat, type: slack, url_env: SLACK_URL, timeout: 2s}
                """ + sinksExtra);
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void everySinkAnsweringIsExitZeroWithWhatEachSaid() throws Exception {
        discord.enqueue(new MockResponse().setResponseCode(204));
        slack.enqueue(new MockResponse().setBody("ok"));

        int code = run("notify", "test", "--config", config("").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines()).containsExactly("phone (discord): ok: HTTP 204", "chat (slack): ok: HTTP 200");
        assertThat(discord.takeRequest().getBody().readUtf8()).contains("ultrawatch test message to phone");
        assertThat(out.toString() + err).doesNotContain("T0KEN");
    }

    @Test
    void oneFailingSinkIsExitOne() throws Exception {
        discord.enqueue(new MockResponse().setResponseCode(404));
        slack.enqueue(new MockResponse().setBody("ok"));

        int code = run("notify", "test", "--config", config("").toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("phone (discord): FAILED: HTTP 404", "chat (slack): ok");
    }

    @Test
    void onlyTheNamedSink() throws Exception {
        slack.enqueue(new MockResponse().setBody("ok"));

        int code = run("notify", "test", "--sink", "chat", "--config", config("").toString());

        assertThat(code).isZero();
        assertThat(out.toString().lines()).containsExactly("chat (slack): ok: HTTP 200");
        assertThat(discord.getRequestCount()).isZero();
    }

    @Test
    void anInvalidConfigAnUnknownSinkOrAnUnsetVariableIsExit78() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yml"), "notify:\n  sinks:\n    - name: x\n      type: sms\n");
        assertThat(run("notify", "test", "--config", broken.toString())).isEqualTo(78);
        assertThat(err.toString()).contains("notify.sinks[0].type must be one of");

        assertThat(run("notify", "test", "--sink", "pager", "--config", config("").toString())).isEqualTo(78);
        assertThat(err.toString()).contains("no sink named pager; the config has: phone, chat");

        assertThat(run("notify", "test", "--sink", "unset", "--config",
                config("    - {name: unset, type: webhook, url_env: NOT_SET_ANYWHERE_42}\n").toString())).isEqualTo(78);
        assertThat(out.toString()).contains("unset (webhook): not sent: notify sink unset: NOT_SET_ANYWHERE_42 is not set");
    }
}
