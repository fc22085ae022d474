package io.ultrawatch.watchdog.it;

import static io.ultrawatch.watchdog.it.LiveWatchdog.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrawatch.watchdog.controlfile.ControlToken;
import io.ultrawatch.watchdog.status.HeartbeatLine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real watchdog JVM with notifications, a bot token in an env file and the control server on: the webhook URL, the
 * SMTP password and the bot's token, planted in the environment, reach the receiver they are for and nothing else:
 * no file under logs/ or status/, no API answer, no metric.
 */
class SecretsIT {
    private static final String WEBHOOK_SECRET = "whk-7f3a9c1e5b";
    private static final String SMTP_PASSWORD = "smtp-pw-4d8e2a6f";
    private static final String BOT_TOKEN = "bot-token-9b1c3e5d";

    @TempDir
    Path dir;
    private Process watchdog;
    private final MockWebServer discord = new MockWebServer();
    private final List<Long> bots = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        if (watchdog != null) {
            watchdog.destroy();
            if (!watchdog.waitFor(30, TimeUnit.SECONDS)) {
                watchdog.destroyForcibly();
            }
        }
        bots.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        discord.shutdown();
    }

    @Test
    void plantedSecretsAppearNowhereButAtTheirReceiver() throws Exception {
        discord.start(java.net.InetAddress.getLoopbackAddress(), 0);
        discord.enqueue(new MockResponse().setResponseCode(204));
        String webhook = discord.url("/api/webhooks/1234/" + WEBHOOK_SECRET).toString();
        int port = DemoBotCommand.freePort();
        Files.writeString(dir.resolve("bot.env"), "BOT_TOKEN=" + BOT_TOKEN + "\n");
        StringBuilder yaml = new StringBuilder("watchdog:\n  status_interval: 200ms\n  control:\n    port: 0\n"
                + "bots:\n  - name: demo\n    env_file: bot.env\n    command:\n");
        for (String arg : DemoBotCommand.command(port, dir.resolve("control"), dir.resolve(".flag"))) {
            yaml.append("      - '").append(arg.replace("'", "''")).append("'\n");
        }
        yaml.append("    health:\n      url: http://127.0.0.1:").append(port).append("/health\n")
                .append("notify:\n  min_interval: 0s\n  sinks:\n")
                .append("    - name: phone\n      type: discord\n      url_env: DISCORD_WEBHOOK_URL\n")
                .append("    - name: mail\n      type: email\n      host: 127.0.0.1\n      port: ")
                .append(DemoBotCommand.freePort()).append("\n      username: bot\n      password_env: SMTP_PASSWORD\n")
                .append("      from: bot@example.com\n      to: [me@example.com]\n      timeout: 1s\n");
        Files.writeString(dir.resolve("watchdog.yml"), yaml);
        watchdog = WatchdogJvm.start(dir, dir.resolve("watchdog.yml"), java.util.Map.of("DISCORD_WEBHOOK_URL",
                webhook, "SMTP_PASSWORD", SMTP_PASSWORD));

        Path status = dir.resolve("status");
        HeartbeatLine line = await("the watchdog's heartbeat with its control port").atMost(WAIT)
                .until(() -> HeartbeatLine.read(status).filter(h -> h.botsRunning() == 1 && h.controlPort() > 0)
                        .orElse(null), h -> h != null);
        long pid = Long.parseLong(Files.readString(status.resolve("demo.pid")).split("\\s+")[0]);
        bots.add(pid);
        // A crash is a restart for a failure: the phone sink is told, through the planted URL.
        Files.writeString(dir.resolve("control"), "crash:3\n");
        RecordedRequest told = discord.takeRequest(60, TimeUnit.SECONDS);
        assertThat(told).as("the Discord receiver was told").isNotNull();
        assertThat(told.getPath()).endsWith(WEBHOOK_SECRET);
        assertThat(told.getBody().readUtf8()).contains("demo");
        await("the new bot").atMost(WAIT).until(() -> HeartbeatLine.read(status)
                .filter(h -> h.botsRunning() == 1).isPresent() && !Files.readString(status.resolve("demo.pid"))
                .startsWith(pid + " "));
        bots.add(Long.parseLong(Files.readString(status.resolve("demo.pid")).split("\\s+")[0]));

        String token = ControlToken.read(status);
        URI base = URI.create("http://127.0.0.1:" + line.controlPort());
        List<String> answers = new ArrayList<>();
        for (String path : List.of("/api/status", "/metrics", "/api/events?limit=500", "/api/history", "/healthz")) {
            answers.add(get(base.resolve(path), token));
        }
        assertThat(answers.get(1)).contains("ultrawatch_notifications_total{result=\"sent\",sink=\"phone\"} 1.0");
        assertThat(answers.get(0)).contains("\"sink\":\"phone\"", "\"last_result\":\"sent\"");

        List<String> leaks = new ArrayList<>();
        for (String secret : List.of(WEBHOOK_SECRET, SMTP_PASSWORD, BOT_TOKEN)) {
            for (Path f : files(dir.resolve("logs"), status)) {
                if (Files.readString(f, StandardCharsets.ISO_8859_1).contains(secret)) {
                    leaks.add(secret + " in " + dir.relativize(f));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).contains(secret)) {
                    leaks.add(secret + " in answer " + i);
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static List<Path> files(Path... roots) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(all::add);
            }
        }
        assertThat(all).as("files to look in").isNotEmpty();
        return all;
    }

    private static String get(URI uri, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s", uri).isEqualTo(200);
        return r.body();
    }
}
