package io.ultrawatch.watchdog.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.json.JsonTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec sink with real processes: the message as JSON on stdin, exit codes, and a kill after the timeout. */
class NotifyExecSinkTest {
    @TempDir
    Path dir;

    private final Notification message = Messages.test("script", Instant.parse("2026-11-23T08:00:00Z"));

    @Test
    @SuppressWarnings("unchecked")
    void theCommandGetsTheMessageAsJsonOnStdin() throws Exception {
        Path out = dir.resolve("got.json");
        ExecSink sink = new ExecSink("script", List.of("sh", "-c", "cat > \"$0\"", out.toString()),
                Duration.ofSeconds(10));

        SendResult r = sink.send(message);

        assertThat(r.ok()).isTrue();
        Map<String, Object> got = (Map<String, Object>) JsonTree.parse(Files.readAllBytes(out));
        assertThat(got).containsEntry("type", "test").containsEntry("title", "ultrawatch test message to script")
                .containsEntry("at", "2026-11-23T08:00:00Z");
    }

    @Test
    void aNonZeroExitIsRetriedAndAMissingProgramIsNot() {
        SendResult exit3 = new ExecSink("s", List.of("sh", "-c", "exit 3"), Duration.ofSeconds(10)).send(message);
        assertThat(exit3.outcome()).isEqualTo(SendResult.Outcome.RETRY);
        assertThat(exit3.detail()).isEqualTo("exit 3");

        SendResult missing = new ExecSink("s", List.of(dir.resolve("no-such-program").toString()),
                Duration.ofSeconds(10)).send(message);
        assertThat(missing.outcome()).isEqualTo(SendResult.Outcome.FAILED);
        assertThat(missing.detail()).startsWith("cannot run ");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path pids = dir.resolve("pids");
        ExecSink sink = new ExecSink("s", List.of("sh", "-c", "sleep 60 & echo $! > \"$0\"; wait", pids.toString()),
                Duration.ofMillis(500));

        SendResult r = sink.send(message);

        assertThat(r.outcome()).isEqualTo(SendResult.Outcome.RETRY);
        assertThat(r.detail()).isEqualTo("timeout after 500 ms (killed)");
        long child = Long.parseLong(Files.readString(pids).strip());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }
}
