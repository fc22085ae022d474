package io.ultrawatch.demobot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults applied in-process, with the process exit replaced by a recorder and the clock fixed. */
class FaultsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<String> exits = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Faults faults;

    private Faults faults() {
        if (faults == null) {
            BotLog log = new BotLog(new PrintStream(output, true, StandardCharsets.UTF_8),
                    Clock.fixed(NOW, ZoneOffset.UTC), "test");
            faults = new Faults(log, dir.resolve("flags/restart"), timer, new ProcessExit() {
                @Override
                public void halt(int status) {
                    exits.add("halt " + status);
                }

                @Override
                public void exit(int status) {
                    exits.add("exit " + status);
                }
            });
        }
        return faults;
    }

    @AfterEach
    void stopTimer() {
        faults().apply(FaultSpec.of(Fault.HEAL)); // release anything a test left hanging
        timer.shutdownNow();
    }

    private List<String> lines() {
        return output.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void crashHaltsWithItsCodeAfterTheFaultLine() {
        faults().apply(FaultSpec.parse("crash:3"));

        assertThat(exits).containsExactly("halt 3");
        assertThat(lines()).endsWith("FAULT crash applied at_ms=" + NOW.toEpochMilli());
    }

    @Test
    void logLinesCarryTheIsoTimeAndTheName() {
        faults().apply(FaultSpec.parse("crash"));

        assertThat(lines().get(0))
                .isEqualTo("2026-11-23T10:00:00.123Z demo-bot[test] crashing with exit code 1"
                        + " (Runtime.halt: shutdown hooks do not run)");
    }

    @Test
    void requestRestartWritesTheFlagWithTheTimeThenExitsZero() throws Exception {
        faults().apply(FaultSpec.of(Fault.REQUEST_RESTART));

        assertThat(Files.readString(dir.resolve("flags/restart")).strip()).isEqualTo("2026-11-23T10:00:00.123Z");
        assertThat(exits).containsExactly("exit 0");
        assertThat(lines()).contains("FAULT request-restart applied at_ms=" + NOW.toEpochMilli());
    }

    @Test
    void unhealthyUntilHealed() {
        faults().apply(FaultSpec.of(Fault.UNHEALTHY));
        assertThat(faults().isUnhealthy()).isTrue();

        faults().apply(FaultSpec.of(Fault.HEAL));
        assertThat(faults().isUnhealthy()).isFalse();
        assertThat(lines()).containsSubsequence("FAULT unhealthy applied at_ms=" + NOW.toEpochMilli(),
                "FAULT heal applied at_ms=" + NOW.toEpochMilli());
    }

    @Test
    void hangMainHoldsTheLoopUntilHealed() throws Exception {
        faults().apply(FaultSpec.of(Fault.HANG_MAIN));
        Thread loop = new Thread(faults()::holdWhileMainHung, "fake-main-loop");
        loop.start();
        Await.until("the main loop is held", Duration.ofSeconds(5),
                () -> loop.getState() == Thread.State.WAITING, loop::toString);

        faults().apply(FaultSpec.of(Fault.HEAL));

        loop.join(Duration.ofSeconds(5).toMillis());
        assertThat(loop.isAlive()).as("held main loop released by heal").isFalse();
    }

    @Test
    void hangHttpHoldsRequestsUntilHealed() throws Exception {
        faults().apply(FaultSpec.of(Fault.HANG_HTTP));
        Thread request = new Thread(faults()::holdWhileHttpHung, "fake-http");
        request.start();
        Await.until("the request is held", Duration.ofSeconds(5),
                () -> request.getState() == Thread.State.WAITING, request::toString);
        assertThat(faults().mainHung()).isFalse();

        faults().apply(FaultSpec.of(Fault.HEAL));

        request.join(Duration.ofSeconds(5).toMillis());
        assertThat(request.isAlive()).as("held request released by heal").isFalse();
    }

    @Test
    void sigtermShutsDownUnlessIgnoreTermIsOn() {
        faults().onTerm();
        assertThat(exits).containsExactly("exit 0");

        faults().apply(FaultSpec.of(Fault.IGNORE_TERM));
        faults().onTerm();
        assertThat(exits).containsExactly("exit 0");
        assertThat(lines()).anyMatch(l -> l.endsWith(" got SIGTERM, shutting down"))
                .anyMatch(l -> l.endsWith(" got SIGTERM, ignoring it"));
    }

    @Test
    void slowBootAtRunTimeIsIgnoredAndSaysSo() {
        faults().apply(FaultSpec.parse("slow-boot:5"));

        assertThat(lines()).singleElement().asString()
                .endsWith("fault slow-boot:5 ignored: slow-boot only applies at start");
    }

    @Test
    void delayedFaultIsScheduledThenApplied() {
        faults().submit(FaultSpec.parse("unhealthy@50ms"));
        assertThat(lines()).singleElement().asString().endsWith("fault unhealthy@50ms scheduled in 50ms");

        // The FAULT line is printed after the effect is in place, so once it is there the bot is unhealthy.
        String applied = "FAULT unhealthy applied at_ms=" + NOW.toEpochMilli();
        Await.until("the delayed fault is applied", Duration.ofSeconds(5), () -> lines().contains(applied),
                () -> output.toString(StandardCharsets.UTF_8));
        assertThat(faults().isUnhealthy()).isTrue();
    }
}
