package io.ultrawatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When the watchdog decided to restart a hung bot (notify_hang), against the fault and against the deadline: the
 * earliest moment the watchdog could have known, given its settings.
 *
 * <ul>
 *   <li>notify: the bot's last WATCHDOG=1 (or READY=1 before the first one), as its FAULT line stamps it
 *       ({@code last_beat_ms}), plus watchdog_interval. The watchdog times the beat at its receipt, a fraction of a
 *       ms after the send, so "decision − deadline" includes that hop.</li>
 *   <li>http: the arrival at the bot of the first probe it held unanswered (its HELD line), plus the probe timeout
 *       (failure_threshold 1: that one failed probe is the decision).</li>
 * </ul>
 *
 * <p>The decision is the watchdog's {@code restart} event for the hung pid (its clock at the decision, in
 * events.jsonl); the bot's own TERM stamp comes after it by the stop's first signal and is kept as a cross-check.
 *
 * @param faultMs    the bot's FAULT stamp (hang in effect: beats and /health answers stopped)
 * @param deadlineMs epoch ms of the deadline; -1 when the bot's stamps do not give it
 * @param decisionMs the watchdog's restart event
 * @param basis      what the deadline is, in words
 */
record HangDecision(long faultMs, long deadlineMs, long decisionMs, String basis) {
    static final String NOTIFY_BASIS = "last WATCHDOG=1 sent + watchdog_interval";
    static final String HTTP_BASIS = "first unanswered probe's arrival + probe timeout";

    /**
     * @param fault     the FAULT line of the hang
     * @param heldProbe the bot's HELD line for the hung pid, if it wrote one (only the HTTP probe causes one)
     */
    static HangDecision of(BotLog.Line fault, Optional<BotLog.Line> heldProbe, Profile profile, long decisionMs) {
        long after = profile.deadlineAfterMs();
        long deadline;
        if (profile.notifyCheck()) {
            long lastBeat = fault.num("last_beat_ms");
            deadline = lastBeat > 0 ? lastBeat + after : -1;
        } else {
            deadline = heldProbe.map(h -> h.at() + after).orElse(-1L);
        }
        return new HangDecision(fault.at(), deadline, decisionMs, profile.notifyCheck() ? NOTIFY_BASIS : HTTP_BASIS);
    }

    boolean deadlineKnown() {
        return deadlineMs > 0;
    }

    /** The figures of one trial; the deadline's only when the bot's stamps gave it. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fault_to_decision_ms", decisionMs - faultMs);
        m.put("deadline", basis);
        if (deadlineKnown()) {
            m.put("fault_to_deadline_ms", deadlineMs - faultMs);
            m.put("decision_after_deadline_ms", decisionMs - deadlineMs);
        } else {
            m.put("deadline_note", "no " + (basis.equals(NOTIFY_BASIS) ? "last_beat_ms in the FAULT line"
                    : "HELD line from the hung pid") + ": the deadline is not known");
        }
        return m;
    }
}
