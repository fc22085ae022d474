package io.ultrawatch.demobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real demo bot as a child JVM, driven the way the watchdog and the benchmark drive it. */
class DemoBotProcessTest {

    private static final Duration BOOT = Duration.ofSeconds(20);
    private static final Duration EXIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private BotProcess bot;

    @AfterEach
    void killBot() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void crashWrittenToTheControlFileEndsTheBotWithItsExitCode() throws Exception {
        bot = BotProcess.start(dir, Map.of("BOT_TOKEN", "token-one"));

        HttpResponse<String> healthy = bot.awaitHealth(200, BOOT);
        assertThat(healthy.body())
                .contains("\"token\":{\"status\":\"UP\",\"detail\":\"fingerprint=" + TokenFingerprint.of("token-one"))
                .doesNotContain("token-one");

        bot.control("crash:3");

        assertThat(bot.awaitExit(EXIT)).as(bot.diagnostics()).isEqualTo(3);
        assertThat(bot.output()).containsPattern("(?m)^FAULT crash applied at_ms=\\d{13}$").doesNotContain("token-one");
    }

    @Test
    void sigtermShutsTheBotDownWithExitZero() throws Exception {
        bot = BotProcess.start(dir, Map.of());
        bot.awaitHealth(200, BOOT);

        bot.process().destroy(); // SIGTERM

        assertThat(bot.awaitExit(EXIT)).as(bot.diagnostics()).isZero();
        assertThat(bot.output()).contains("got SIGTERM, shutting down");
    }

    @Test
    void botIgnoringSigtermKeepsServingUntilKilled() throws Exception {
        bot = BotProcess.start(dir, Map.of("DEMO_FAULTS", "ignore-term"));
        bot.awaitHealth(200, BOOT);
        bot.awaitOutput("FAULT ignore-term applied at_ms=", EXIT);

        bot.process().destroy(); // SIGTERM
        bot.awaitOutput("got SIGTERM, ignoring it", EXIT);

        assertThat(bot.process().isAlive()).isTrue();
        assertThat(bot.health(Duration.ofSeconds(2)).statusCode()).isEqualTo(200);
        bot.process().destroyForcibly(); // SIGKILL
        assertThat(bot.awaitExit(EXIT)).isEqualTo(137);
    }

    @Test
    void hungEndpointAcceptsButNeverAnswersUntilHealed() throws Exception {
        bot = BotProcess.start(dir, Map.of(), "--fault", "hang-http");
        bot.awaitOutput("FAULT hang-http applied at_ms=", BOOT);

        assertThatThrownBy(() -> bot.health(Duration.ofMillis(500))).isInstanceOf(HttpTimeoutException.class);

        bot.control("heal");
        bot.awaitHealth(200, EXIT);
    }

    @Test
    void hungMainLoopTurnsHealthTo503OnceTheHeartbeatIsStale() throws Exception {
        bot = BotProcess.start(dir, Map.of(), "--heartbeat-max-age", "300ms");
        bot.awaitHealth(200, BOOT);

        bot.control("hang-main");

        HttpResponse<String> stale = bot.awaitHealth(503, EXIT);
        assertThat(stale.body()).contains("\"heartbeat\":{\"status\":\"DOWN\"").contains("max 300 ms");
        bot.control("heal");
        bot.awaitHealth(200, EXIT);
    }

    @Test
    void requestRestartWritesTheFlagFileAndExitsZero() throws Exception {
        Path flag = dir.resolve("status/restart.flag");
        bot = BotProcess.start(dir, Map.of("RESTART_FLAG_FILE", flag.toString()), "--fault", "request-restart@200ms");

        assertThat(bot.awaitExit(BOOT)).as(bot.diagnostics()).isZero();
        assertThat(Files.readString(flag)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\R");
        assertThat(bot.output()).contains("FAULT request-restart applied at_ms=");
    }
}
