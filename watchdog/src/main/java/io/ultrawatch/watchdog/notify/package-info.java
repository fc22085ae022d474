/**
 * Notifications: tells people what happened to their bots, through webhooks, Discord, Slack, e-mail or a command,
 * and once a day sends a digest of the last 24 hours.
 *
 * <p>Owns: which events are sent where ({@code notify.sinks[].events}), folding what arrives within
 * {@code notify.min_interval} into one message per bot and sink, one bounded queue and one delivery at a time per sink
 * with retries (Prometheus Alertmanager's model: a dead or slow receiver costs only its own queue), the payload shape
 * of each kind of sink, secrets read by reference from the environment, the daily digest, and per-sink counters
 * ({@link io.ultrawatch.watchdog.notify.NotifierStatus}) for the metrics and the status.
 *
 * <p>May import {@code event}, {@code eventlog} (the one reader of {@code events.jsonl}, which the digest reuses),
 * {@code config}, {@code model}, {@code json} and {@code time}. Only the composition root, {@code cli} and the
 * outputs beside it ({@code status}, {@code metrics}: its counters) import it. Mail classes are used only by {@link io.ultrawatch.watchdog.notify.EmailSink}, so they load
 * only when an email sink is configured; nothing here loads or starts a thread when no sink is configured.
 *
 * <p>A secret (webhook URL, SMTP password) never appears in a log line, a message, an exception, a status or a
 * {@code toString()}: it lives in a {@link io.ultrawatch.watchdog.notify.Secret}, and every text that leaves a sink
 * is redacted with it.
 */
package io.ultrawatch.watchdog.notify;
