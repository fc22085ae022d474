package io.ultrawatch.watchdog.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.notify.SinkStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the status document says about notification sinks: nothing without sinks, each sink's last result with. */
class StatusBoardTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private final StatusBoard board = new StatusBoard(new WatchdogInfo(42, "0.1.0", NOW, "(test)"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void withoutSinksTheDocumentHasNoNotificationsKey() {
        assertThat(board.document()).doesNotContainKey("notifications");
        board.showNotifications(List::of);
        assertThat(board.document()).doesNotContainKey("notifications");
    }

    @Test
    void eachSinkShowsItsCountersAndLastResult() {
        board.showNotifications(() -> List.of(new SinkStatus("phone", "discord", 3, 1, 0, 0, "sent", NOW,
                "HTTP 204")));
        assertThat(board.document().get("notifications")).isEqualTo(List.of(Map.of("sink", "phone", "type",
                "discord", "sent", 3L, "failed", 1L, "dropped", 0L, "queued", 0, "last_result", "sent", "last_at",
                "2026-12-01T08:00:00Z", "last_detail", "HTTP 204")));
    }
}
