package io.ultrawatch.watchdog.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.process.ProcStat;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import io.ultrawatch.watchdog.testing.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status/heartbeat is read by bash with one `read -r`: its exact layout is a contract with the scripts. */
class HeartbeatLineTest {
    private final ManualScheduler time = new ManualScheduler();

    @Test
    void lineIsEightSpaceSeparatedFieldsAndANewline() {
        HeartbeatLine hb = new HeartbeatLine(23298, 1234567, 1796112000123L, 25000, "127.0.0.1", 8000, 2, 1);
        assertThat(hb.line()).isEqualTo("23298 1234567 1796112000123 25000 127.0.0.1 8000 2 1\n");
        assertThat(HeartbeatLine.parse(hb.line())).contains(hb);
    }

    @Test
    void controlFieldsAreDashesWhileNoControlServerListens() {
        HeartbeatLine hb = new HeartbeatLine(7, -1, 1000, 3000, null, 0, 0, 0);
        assertThat(hb.line()).isEqualTo("7 -1 1000 3000 - - 0 0\n");
        assertThat(HeartbeatLine.parse(hb.line())).contains(hb);
        assertThat(hb.hasControl()).isFalse();
    }

    @Test
    void malformedLinesAreNotOurs() {
        assertThat(HeartbeatLine.parse("")).isEmpty();
        assertThat(HeartbeatLine.parse("1 2 3")).isEmpty();
        assertThat(HeartbeatLine.parse("x 2 3 4 - - 1 1")).isEmpty();
        assertThat(HeartbeatLine.parse("1 2 3 4 - - 1 1 extra fields added later"))
                .as("fields are only ever added at the end").isPresent();
    }

    @Test
    void writerPutsTheLineBesideStatusJsonWithTheSameHeartbeatTheLimitAndTheCounts(@TempDir Path dir)
            throws Exception {
        long pid = ProcessHandle.current().pid();
        StatusBoard board = new StatusBoard(new WatchdogInfo(pid, "t", time.clock().instant(), "x"), time.clock());
        board.accept(Snapshots.of("a", BotState.RUNNING, time.clock().instant()));
        board.accept(Snapshots.of("b", BotState.BACKOFF, time.clock().instant().minusSeconds(2)));
        board.setControl(new StatusBoard.ControlAddress("127.0.0.1", 41234));
        time.advance(Duration.ofSeconds(1));
        StatusFileWriter writer = new StatusFileWriter(dir.resolve("status.json"), board, time::nanoTime,
                Duration.ofMillis(200));

        writer.writeNow();

        String line = Files.readString(dir.resolve("heartbeat"));
        long ticks = ProcStat.of(pid).orElseThrow().startTicks();
        long heartbeat = time.clock().instant().minusSeconds(3).toEpochMilli();
        assertThat(line).isEqualTo(pid + " " + ticks + " " + heartbeat + " 3000 127.0.0.1 41234 2 1\n");
        assertThat(Files.readString(dir.resolve("status.json")))
                .contains("\"heartbeat_at\" : \"" + time.clock().instant().minusSeconds(3) + "\"");
        assertThat(dir.resolve(".heartbeat.tmp")).doesNotExist();
        writer.close();
    }
}
