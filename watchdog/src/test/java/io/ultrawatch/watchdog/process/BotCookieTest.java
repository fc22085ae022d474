package io.ultrawatch.watchdog.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BotCookieTest {
    private static final String ENTRY = "ULTRAWATCH_COOKIE=demo-00112233aabbccdd";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ULTRAWATCH_COOKIE=demo-00112233aabbccdd|true",
        "A=1;ULTRAWATCH_COOKIE=demo-00112233aabbccdd;B=2|true",
        "A=1;ULTRAWATCH_COOKIE=demo-00112233aabbccdd;|true",
        "A=1;ULTRAWATCH_COOKIE=demo-00112233aabbccddee;B=2|false",
        "A=ULTRAWATCH_COOKIE=demo-00112233aabbccdd;B=2|false",
        "XULTRAWATCH_COOKIE=demo-00112233aabbccdd|false",
        "ULTRAWATCH_COOKIE=demo-00112233aabbccd|false",
        "''|false"})
    void findsTheCookieOnlyAsAWholeEntry(String environ, boolean found) {
        byte[] bytes = environ.replace(';', '\0').getBytes(StandardCharsets.US_ASCII);

        assertThat(BotCookie.contains(bytes, ENTRY.getBytes(StandardCharsets.US_ASCII))).isEqualTo(found);
    }

    @Test
    void eachStartGetsItsOwnCookieNamedAfterTheBot() {
        BotCookie a = BotCookie.next("demo");
        BotCookie b = BotCookie.next("demo");

        assertThat(a.value()).startsWith("demo-").hasSize("demo-".length() + 16).isNotEqualTo(b.value());
        assertThat(BotCookie.parse(a.value())).isEqualTo(a);
        assertThat(BotCookie.parse("123")).isNull();
        assertThat(BotCookie.parse(null)).isNull();
    }

    @Test
    void readsTheEnvironmentOfARealProcess() throws Exception {
        BotCookie cookie = BotCookie.next("demo");
        ProcessBuilder pb = new ProcessBuilder("sleep", "30");
        pb.environment().put(BotCookie.NAME, cookie.value());
        Process p = pb.start();
        try {
            assertThat(cookie.foundIn(p.pid())).isTrue();
            assertThat(BotCookie.next("demo").foundIn(p.pid())).isFalse();
            assertThat(cookie.foundIn(ProcessHandle.current().pid())).isFalse();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
