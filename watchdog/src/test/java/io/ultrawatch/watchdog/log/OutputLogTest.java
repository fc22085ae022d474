package io.ultrawatch.watchdog.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a bot's output back: the tail across rotated files, --since, and following through both rotations. */
class OutputLogTest {
    @TempDir
    Path dir;

    private Path live() {
        return dir.resolve("demo.out.log");
    }

    private static String numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    private void append(String text) throws IOException {
        Files.writeString(live(), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void lastLinesContinueIntoTheRotatedFile() throws IOException {
        Files.writeString(dir.resolve("demo.out.log.1"), numbered(1, 10));
        Files.writeString(live(), numbered(11, 13));
        OutputLog log = new OutputLog(live());
        assertThat(log.last(2)).containsExactly("line 12", "line 13");
        assertThat(log.last(5)).containsExactly("line 9", "line 10", "line 11", "line 12", "line 13");
        assertThat(log.last(100)).hasSize(13).startsWith("line 1");
    }

    @Test
    void aLastLineWithoutNewlineIsShownAndLongLinesAreCut() throws IOException {
        Files.writeString(live(), "a\nb\n" + "x".repeat(OutputLog.MAX_LINE_CHARS + 10));
        List<String> last = new OutputLog(live()).last(2);
        assertThat(last.get(0)).isEqualTo("b");
        assertThat(last.get(1)).startsWith("xxx").endsWith("…(cut)");
    }

    @Test
    void sinceUsesLineTimesAndKeepsUnstampedLinesWithTheirStampedLine() throws IOException {
        Files.writeString(live(), "2026-11-23T07:59:00.000Z old\n  at old.trace\n"
                + "2026-11-23T08:01:00.000Z new\n  at new.trace\n2026-11-23 08:02:00 local-style\n");
        List<String> got = new ArrayList<>();
        new OutputLog(live()).since(Instant.parse("2026-11-23T08:00:00Z"), got::add);
        assertThat(got).containsExactly("2026-11-23T08:01:00.000Z new", "  at new.trace",
                "2026-11-23 08:02:00 local-style");
    }

    @Test
    void sinceWithoutLineTimesSkipsRotatedFilesLastWrittenBefore() throws IOException {
        Path old = dir.resolve("demo.out.log.2");
        Path recent = dir.resolve("demo.out.log.1");
        Files.writeString(old, "old\n");
        Files.writeString(recent, "recent\n");
        Files.writeString(live(), "live\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2026-11-23T07:00:00Z")));
        Files.setLastModifiedTime(recent, FileTime.from(Instant.parse("2026-11-23T08:30:00Z")));
        List<String> got = new ArrayList<>();
        new OutputLog(live()).since(Instant.parse("2026-11-23T08:00:00Z"), got::add);
        assertThat(got).containsExactly("recent", "live");
    }

    @Test
    void timestampsAreReadWithAndWithoutZones() {
        assertThat(OutputLog.timestamp("2026-11-23T08:00:00Z x")).contains(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(OutputLog.timestamp("[2026-11-23 09:00:00,5+01:00] x"))
                .contains(Instant.parse("2026-11-23T08:00:00.5Z"));
        assertThat(OutputLog.timestamp("FAULT crash applied")).isEmpty();
    }

    @Test
    void followingThroughACopyTruncateFinishesTheOldLinesFromDotOneAndPrintsNothingTwice() throws IOException {
        append(numbered(1, 3));
        OutputFollower f = new OutputFollower(new OutputLog(live()));
        List<String> got = new ArrayList<>();
        append(numbered(4, 5));
        f.poll(got::add);
        assertThat(got).containsExactly("line 4", "line 5");
        // Written, then rotated before the follower looked: lines 6 and 7 are only in .1 now.
        append(numbered(6, 7));
        LogFiles.copyTruncateIfLarger(live(), 10, 3);
        append(numbered(8, 8));
        f.poll(got::add);
        assertThat(got).containsExactly("line 4", "line 5", "line 6", "line 7", "line 8");
    }

    @Test
    void followingThroughARenameBeforeAStartReadsTheNewFileFromItsStart() throws IOException {
        append(numbered(1, 3));
        OutputFollower f = new OutputFollower(new OutputLog(live()));
        append("tail without newline");
        LogFiles.rotateIfLarger(live(), 10, 3);
        // The new file is longer than the old position already: the rename is seen by the file's identity.
        append(numbered(100, 120));
        List<String> got = new ArrayList<>();
        f.poll(got::add);
        assertThat(got.get(0)).isEqualTo("tail without newline");
        assertThat(got.subList(1, got.size())).isEqualTo(List.of(numbered(100, 120).split("\n")));
    }

    @Test
    void aDotOneThatIsNotTheOldFileIsNotReplayed() throws IOException {
        append(numbered(1, 3));
        OutputFollower f = new OutputFollower(new OutputLog(live()));
        Files.writeString(dir.resolve("demo.out.log.1"), "something else entirely, and long enough\n");
        Files.writeString(live(), "fresh\n");
        List<String> got = new ArrayList<>();
        f.poll(got::add);
        assertThat(got).containsExactly("fresh");
    }
}
