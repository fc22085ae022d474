package io.ultrawatch.demobot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the bot may say about its token: the first 8 hex digits of its SHA-256, enough to tell a rotated token from
 * the old one, useless to anyone who wants to use it. The token itself is never stored or printed.
 */
final class TokenFingerprint {

    static final String NONE = "none";

    private TokenFingerprint() {
    }

    /** The fingerprint of {@code BOT_TOKEN}, else {@code DISCORD_TOKEN}, else {@value #NONE}. */
    static String fromEnvironment(Map<String, String> env) {
        String token = env.get("BOT_TOKEN");
        if (token == null || token.isBlank()) {
            token = env.get("DISCORD_TOKEN");
        }
        return of(token);
    }

    static String of(String token) {
        if (token == null || token.isBlank()) {
            return NONE;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
