package io.ultrawatch.watchdog.sdnotify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a datagram's bytes mean ({@code sd_notify(3)}: newline-separated KEY=VALUE assignments). */
class NotifyMessageTest {
    private static Optional<NotifyMessage> parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return NotifyMessage.parse(b, 42, 1000);
    }

    @Test
    void assignmentsInOrderTheLastOfAKeyWinsAndBlankLinesAreAllowed() {
        NotifyMessage m = parse("READY=1\nSTATUS=a=b\n\nSTATUS=second\n").orElseThrow();
        assertThat(m.fields()).containsExactly(Map.entry("READY", "1"), Map.entry("STATUS", "second"));
        assertThat(m.flag("READY")).isTrue();
        assertThat(m.flag("WATCHDOG")).isFalse();
        assertThat(m.senderPid()).isEqualTo(42);
        assertThat(m.senderUid()).isEqualTo(1000);
    }

    @Test
    void malformedDatagramsAreRefused() {
        assertThat(parse("READY")).isEmpty();
        assertThat(parse("=1")).isEmpty();
        assertThat(parse("READY=1\0")).isEmpty();
        assertThat(parse("")).isEmpty();
        assertThat(parse("\n\n")).isEmpty();
        byte[] notUtf8 = {(byte) 0xff, '=', '1'};
        assertThat(NotifyMessage.parse(notUtf8, 1, 0)).isEmpty();
    }
}
