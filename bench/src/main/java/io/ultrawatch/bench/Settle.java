package io.ultrawatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a tool has settled after its last start of the bot, so a fault of a plain scenario (crash, hang, hardhang,
 * leak, stop_ignoring_term, orphans) lands where the tool is really watching: {@code afterMs} after {@code reference},
 * a moment the tool or the bot reports. Without it a fault could land in a tool's own start-up pause (monit does no
 * connection test until the process has been up for its start timeout) and measure that pause instead of detection;
 * the blind-window scenario (hang_after_restart) measures the pause on purpose and does not wait for it.
 *
 * @param reference what the wait counts from, in words (for the results)
 * @param afterMs   how long after the reference the fault may come at the earliest
 * @param basis     what {@code afterMs} is made of, in words
 */
record Settle(String reference, long afterMs, String basis) {
    /**
     * Added to every tool's own settle point: one more check of the tool has run after it (1 s is a full cycle of
     * monit and supervisord and at least one probe interval of ultrawatch in either profile).
     */
    static final long MARGIN_MS = 1000;

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("after_ms", afterMs);
        m.put("basis", basis);
        return m;
    }
}
