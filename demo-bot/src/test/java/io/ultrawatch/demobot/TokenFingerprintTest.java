package io.ultrawatch.demobot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenFingerprintTest {

    @Test
    void isTheFirstEightHexDigitsOfSha256() {
        // SHA-256("abc") = ba7816bf 8f01cfea ... (FIPS 180-2 test vector)
        assertThat(TokenFingerprint.of("abc")).isEqualTo("ba7816bf");
        assertThat(TokenFingerprint.of(" abc\n")).isEqualTo("ba7816bf");
    }

    @Test
    void noTokenIsNone() {
        assertThat(TokenFingerprint.of(null)).isEqualTo("none");
        assertThat(TokenFingerprint.of("  ")).isEqualTo("none");
        assertThat(TokenFingerprint.fromEnvironment(Map.of())).isEqualTo("none");
    }

    @Test
    void botTokenWinsOverDiscordToken() {
        assertThat(TokenFingerprint.fromEnvironment(Map.of("BOT_TOKEN", "abc", "DISCORD_TOKEN", "other")))
                .isEqualTo("ba7816bf");
        assertThat(TokenFingerprint.fromEnvironment(Map.of("BOT_TOKEN", "", "DISCORD_TOKEN", "abc")))
                .isEqualTo("ba7816bf");
    }
}
