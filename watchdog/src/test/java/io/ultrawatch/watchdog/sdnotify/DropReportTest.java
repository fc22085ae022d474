package io.ultrawatch.watchdog.sdnotify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.sdnotify.DropReport.Drop;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The once-a-minute report of dropped datagrams, on nanoseconds a test chooses. */
class DropReportTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void theFirstDropIsLoggedAtOnceThenAtMostOneLineAMinuteWithWhatCameSince() {
        DropReport r = new DropReport("demo");
        assertThat(r.dropped(Drop.MALFORMED, 0)).contains("Notify socket of demo: ignored datagrams (1 malformed);"
                + " further ones are counted and reported once a minute");
        for (int i = 1; i <= 1000; i++) {
            assertThat(r.dropped(i % 2 == 0 ? Drop.OVERSIZED : Drop.FOREIGN, i)).isEmpty();
        }
        assertThat(r.dropped(Drop.MALFORMED, MINUTE - 1)).isEmpty();
        assertThat(r.dropped(Drop.MALFORMED, MINUTE)).contains("Notify socket of demo: ignored datagrams (2 malformed,"
                + " 500 over 4096 bytes, 500 from another user's process) in the last minute");
        assertThat(r.total()).isEqualTo(1003);
    }
}
