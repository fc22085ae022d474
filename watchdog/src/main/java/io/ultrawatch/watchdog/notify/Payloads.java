package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.model.EventKind;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the HTTP sinks, within each receiver's documented limits so that a long message is shortened
 * rather than refused with a 400. Stateless.
 */
final class Payloads {
    // Discord (execute webhook): content ≤ 2000; per embed title ≤ 256, description ≤ 4096; ≤ 10 embeds; ≤ 6000
    // characters over all embeds together. One embed of title + description stays under the total by construction.
    static final int DISCORD_CONTENT = 2000;
    static final int DISCORD_TITLE = 256;
    static final int DISCORD_DESCRIPTION = 4096;
    static final int DISCORD_EMBEDS = 10;
    static final int DISCORD_TOTAL = 6000;
    /** Slack: a section block's text is at most 3000 characters; the top-level text (the push line) likewise here. */
    static final int SLACK_TEXT = 3000;

    private Payloads() {
    }

    /** The generic webhook: {@link Notification#toJson()} as is. */
    static Map<String, Object> webhook(Notification n) {
        return n.toJson();
    }

    /** One embed coloured by level; mentions off, so a bot's output can never ping {@code @everyone}. */
    static Map<String, Object> discord(Notification n) {
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("title", Messages.cut(n.title(), DISCORD_TITLE));
        if (n.text() != null && !n.text().isEmpty()) {
            embed.put("description", Messages.cut(n.text(), DISCORD_DESCRIPTION));
        }
        embed.put("color", color(n.level()));
        embed.put("timestamp", n.at().truncatedTo(ChronoUnit.MILLIS).toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("content", Messages.cut(n.title(), DISCORD_CONTENT));
        m.put("embeds", List.of(embed));
        m.put("allowed_mentions", Map.of("parse", List.of()));
        return m;
    }

    /** {@code text} for the notification line, one mrkdwn section block for the message. */
    static Map<String, Object> slack(Notification n) {
        String title = escapeSlack(n.title());
        String body = "*" + title + "*" + (n.text() == null || n.text().isEmpty() ? "" : "\n" + escapeSlack(n.text()));
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("type", "mrkdwn");
        text.put("text", Messages.cut(body, SLACK_TEXT));
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("type", "section");
        section.put("text", text);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", Messages.cut(title, SLACK_TEXT));
        m.put("blocks", List.of(section));
        return m;
    }

    /** Slack reads {@code <...>} as links and mentions ({@code <!channel>}); its docs ask for these three escapes. */
    static String escapeSlack(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static int color(EventKind.Level level) {
        return switch (level) {
            case ERROR -> 0xED4245;
            case WARN -> 0xFEA73C;
            default -> 0x57F287;
        };
    }
}
