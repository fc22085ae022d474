package io.ultrawatch.watchdog.notify;

import java.time.Instant;

/**
 * One sink's counters, for the metric {@code ultrawatch_notifications_total{sink,result}} (result = sent, failed,
 * dropped) and the status ("last notification per sink: time, result"). An immutable snapshot.
 *
 * @param sent messages the receiver accepted
 * @param failed messages given up on: refused for good, or still failing after every retry
 * @param dropped messages never tried: the sink's queue was full, or the notifier was closing
 * @param queued messages waiting now, the one being tried included
 * @param lastResult {@code sent}, {@code failed}, {@code retrying} or {@code dropped}; {@code unusable} when the sink
 *     could not be built (a variable not set); {@code null} before the first message
 * @param lastAt when the last result came, or {@code null}
 * @param lastDetail what the receiver answered last ({@code HTTP 204}, {@code connection refused}), or why the sink is
 *     unusable; never a secret
 */
public record SinkStatus(String name, String type, long sent, long failed, long dropped, int queued,
                         String lastResult, Instant lastAt, String lastDetail) {
}
