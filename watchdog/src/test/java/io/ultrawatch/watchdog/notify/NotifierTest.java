package io.ultrawatch.watchdog.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.NotifyConfig;
import io.ultrawatch.watchdog.config.NotifySinkConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Filtering, coalescing, retries, queue bounds and the digest's timing, all on the driven clock: delivery runs on the
 * test's thread ({@code Runnable::run}) and time moves only in {@link ManualScheduler#advance}.
 */
class NotifierTest {
    private final ManualScheduler time = new ManualScheduler();
    private final List<Instant> digests = new ArrayList<>();

    private static NotifySinkConfig sinkConfig(String name) {
        NotifySinkConfig d = NotifySinkConfig.DEFAULTS;
        return new NotifySinkConfig(name, NotifySinkConfig.Type.WEBHOOK, d.events(), d.timeout(), "HOOK", null,
                d.port(), d.starttls(), null, null, null, List.of(), List.of());
    }

    private Notifier notifier(Duration minInterval, LocalTime digestAt, ZoneId zone, FakeSink... sinks) {
        List<NotifySinkConfig> configs = new ArrayList<>();
        for (FakeSink s : sinks) {
            configs.add(sinkConfig(s.name));
        }
        NotifyConfig config = new NotifyConfig(minInterval, digestAt, null, configs);
        return new Notifier(config, List.of(sinks), Map.of(), time, Runnable::run, null, RetryPolicy.DEFAULT, zone,
                now -> {
                    digests.add(now);
                    return new Notification(Notification.Kind.DIGEST, null, "digest", "", EventKind.Level.INFO, now,
                            List.of());
                });
    }

    private Notifier notifier(FakeSink... sinks) {
        return notifier(Duration.ofMinutes(5), null, ZoneOffset.UTC, sinks);
    }

    private FakeSink sink(String name) {
        return new FakeSink(name, time::nanoTime);
    }

    private WatchdogEvent event(String bot, EventKind kind, RestartReason reason) {
        return new WatchdogEvent(time.clock().instant(), bot, kind, reason, bot + " " + kind.wireName()
                + (reason == null ? "" : " " + reason.wireName()), Map.of());
    }

    @Test
    void onlyTheSinksEventsGoOutAndARestartOnlyWhenItIsAFailure() {
        FakeSink s = sink("a");
        Notifier n = notifier(Duration.ZERO, null, ZoneOffset.UTC, s);

        n.onEvent(event("demo", EventKind.RESTART, RestartReason.REQUESTED));
        n.onEvent(event("demo", EventKind.RESTART, RestartReason.SCHEDULED));
        n.onEvent(event("demo", EventKind.HEALTHY, null));
        n.onEvent(event("demo", EventKind.PROBE_FAILED, null));
        n.onEvent(event("demo", EventKind.RESTART, RestartReason.MEMORY_LIMIT));
        n.onEvent(event("demo", EventKind.CRASH_LOOPING, null));
        n.onEvent(event(null, EventKind.CONFIG_INVALID, null));

        assertThat(s.tries).extracting(Notification::title).containsExactly("demo: restart (memory_limit)",
                "demo: crash looping", "watchdog: config invalid");
    }

    @Test
    void sevenRestartsWithinTheIntervalBecomeOneMessageNamingTheCounts() {
        FakeSink s = sink("a");
        Notifier n = notifier(s);

        n.onEvent(event("demo", EventKind.RESTART, RestartReason.EXITED)); // the first one goes out at once
        assertThat(s.tries).hasSize(1);
        for (int i = 0; i < 7; i++) {
            time.advance(Duration.ofSeconds(30));
            n.onEvent(event("demo", EventKind.RESTART,
                    i % 3 == 2 ? RestartReason.HEALTH_CHECK_FAILED : RestartReason.EXITED));
        }
        n.onEvent(event("other", EventKind.HELD, null)); // another bot is not held back by demo's window
        assertThat(s.tries).extracting(Notification::title).containsExactly("demo: restart (exited)", "other: held");

        time.advance(Duration.ofMinutes(5).minusSeconds(210).minusMillis(1));
        assertThat(s.tries).hasSize(2);
        time.advance(Duration.ofMillis(1));

        assertThat(s.tries).hasSize(3);
        Notification folded = s.tries.get(2);
        assertThat(folded.title()).isEqualTo("demo restarted 7 times in 5m: exited ×5, health_check_failed ×2");
        assertThat(folded.text().lines()).hasSize(7);
        assertThat(folded.events()).hasSize(7);
        assertThat(folded.level()).isEqualTo(EventKind.Level.WARN);

        // Quiet for an interval: the next event goes out at once again.
        time.advance(Duration.ofMinutes(5));
        n.onEvent(event("demo", EventKind.RECOVERED, null));
        assertThat(s.tries).hasSize(4);
        assertThat(s.tries.get(3).title()).isEqualTo("demo: recovered");
    }

    @Test
    void otherKindsInAFoldAreCountedToo() {
        FakeSink s = sink("a");
        Notifier n = notifier(s);
        n.onEvent(event("demo", EventKind.RESTART, RestartReason.EXITED));
        n.onEvent(event("demo", EventKind.RESTART, RestartReason.EXITED));
        n.onEvent(event("demo", EventKind.CRASH_LOOPING, null));
        n.onEvent(event("demo", EventKind.HELD, null));

        time.advance(Duration.ofMinutes(5));

        assertThat(s.tries.get(1).title())
                .isEqualTo("demo restarted 1 time in 5m: exited ×1; also crash_looping ×1, held ×1");
        assertThat(s.tries.get(1).level()).isEqualTo(EventKind.Level.ERROR);
    }

    @Test
    void aRateLimitedThenFailingReceiverGetsTheMessageOnceInOrderAfterTheWaits() {
        FakeSink s = sink("a").answer(FakeSink.tooMany(Duration.ofSeconds(3)), FakeSink.http(500), FakeSink.http(204));
        Notifier n = notifier(Duration.ZERO, null, ZoneOffset.UTC, s);

        n.onEvent(event("demo", EventKind.RESTART, RestartReason.EXITED));
        n.onEvent(event("demo", EventKind.HELD, null)); // waits behind the first
        assertThat(s.tries).hasSize(1);
        assertThat(time.nextDelay()).isEqualTo(Duration.ofSeconds(3)); // Retry-After
        assertThat(n.sinks().get(0).lastResult()).isEqualTo("retrying");

        time.advance(Duration.ofSeconds(3));
        assertThat(s.tries).hasSize(2);
        assertThat(time.nextDelay()).isEqualTo(Duration.ofSeconds(4)); // backoff after the 2nd try: 2s × 2

        time.advance(Duration.ofSeconds(4));
        assertThat(s.triedAtNanos).containsExactly(0L, 3_000_000_000L, 7_000_000_000L, 7_000_000_000L);
        assertThat(s.delivered()).extracting(Notification::title).containsExactly("demo: restart (exited)",
                "demo: held");
        SinkStatus status = n.sinks().get(0);
        assertThat(status.sent()).isEqualTo(2);
        assertThat(status.failed()).isZero();
        assertThat(status.lastResult()).isEqualTo("sent");
        assertThat(status.lastDetail()).isEqualTo("HTTP 200");
        assertThat(status.lastAt()).isEqualTo(time.clock().instant());
    }

    @Test
    void aReceiverThatNeverRecoversIsGivenUpOnAfterTheBoundAndTheNextMessageGoesOn() {
        FakeSink s = sink("a");
        s.always = FakeSink.http(503);
        Notifier n = notifier(Duration.ZERO, null, ZoneOffset.UTC, s);

        n.onEvent(event("demo", EventKind.HELD, null));
        n.onEvent(event("demo", EventKind.RECOVERED, null));
        time.advance(Duration.ofHours(1));

        // 8 tries each, waiting 2+4+8+16+32+64+128 s between them
        assertThat(s.tries).hasSize(16);
        assertThat(s.triedAtNanos.get(7)).isEqualTo(Duration.ofSeconds(254).toNanos());
        assertThat(n.sinks().get(0).failed()).isEqualTo(2);
        assertThat(n.sinks().get(0).lastResult()).isEqualTo("failed");
        assertThat(n.sinks().get(0).queued()).isZero();
    }

    @Test
    void aRefusalIsFinalAtOnce() {
        FakeSink s = sink("a");
        s.always = FakeSink.http(404);
        Notifier n = notifier(Duration.ZERO, null, ZoneOffset.UTC, s);

        n.onEvent(event("demo", EventKind.HELD, null));

        assertThat(s.tries).hasSize(1);
        assertThat(time.nextDelay()).isNull();
        assertThat(n.sinks().get(0).failed()).isEqualTo(1);
    }

    @Test
    void aDeadSinkCostsOnlyItsOwnQueueWhichDropsItsOldestWhenFull() {
        FakeSink dead = sink("dead");
        dead.always = SendResult.retry(0, "connection refused");
        FakeSink good = sink("good");
        Notifier n = notifier(Duration.ZERO, null, ZoneOffset.UTC, dead, good);

        for (int i = 0; i < SinkChannel.CAPACITY + 5; i++) {
            n.onEvent(event("bot" + i, EventKind.HELD, null));
        }

        assertThat(good.tries).hasSize(SinkChannel.CAPACITY + 5);
        SinkStatus d = n.sinks().get(0);
        assertThat(d.name()).isEqualTo("dead");
        assertThat(d.dropped()).isEqualTo(5);
        assertThat(d.queued()).isEqualTo(SinkChannel.CAPACITY);
        assertThat(d.lastResult()).isEqualTo("dropped");
        assertThat(n.sinks().get(1).sent()).isEqualTo(SinkChannel.CAPACITY + 5);

        // The head (in its retries) is kept, the oldest behind it went: bot0 first, then bot6...
        dead.always = SendResult.sent(200, "ok");
        time.advance(Duration.ofMinutes(10));
        assertThat(dead.delivered()).extracting(Notification::bot).startsWith("bot0", "bot6", "bot7")
                .hasSize(SinkChannel.CAPACITY);
    }

    @Test
    void closeCountsWhatWaitsAsDroppedAndStopsTimers() {
        FakeSink s = sink("a");
        s.always = FakeSink.http(500);
        Notifier n = notifier(s);
        n.onEvent(event("demo", EventKind.HELD, null));
        n.onEvent(event("demo", EventKind.HELD, null)); // folded, waiting for the interval

        n.close();
        time.advance(Duration.ofHours(1));

        assertThat(s.tries).hasSize(1);
        assertThat(s.closed).isTrue();
        assertThat(n.sinks().get(0).dropped()).isEqualTo(1);
        n.onEvent(event("demo", EventKind.HELD, null));
        assertThat(s.tries).hasSize(1);
    }

    @Test
    void theDigestFiresAtDigestAtLocalTimeOnceADay() {
        // The driven clock starts at 2026-11-23T08:00Z; 10:30 in Berlin (UTC+1) is 09:30Z.
        FakeSink a = sink("a");
        FakeSink b = sink("b");
        Notifier n = notifier(Duration.ofMinutes(5), LocalTime.of(10, 30), ZoneId.of("Europe/Berlin"), a, b);

        assertThat(time.nextDelay()).isEqualTo(Duration.ofMinutes(90));
        time.advance(Duration.ofMinutes(90).minusMillis(1));
        assertThat(digests).isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(digests).containsExactly(Instant.parse("2026-11-23T09:30:00Z"));
        assertThat(a.tries).extracting(Notification::kind).containsExactly(Notification.Kind.DIGEST);
        assertThat(b.tries).hasSize(1);

        time.advance(Duration.ofHours(24).minusMillis(1));
        assertThat(digests).hasSize(1);
        time.advance(Duration.ofDays(2).plusMillis(1));
        assertThat(digests).containsExactly(Instant.parse("2026-11-23T09:30:00Z"),
                Instant.parse("2026-11-24T09:30:00Z"), Instant.parse("2026-11-25T09:30:00Z"),
                Instant.parse("2026-11-26T09:30:00Z"));
        n.close();
        time.advance(Duration.ofDays(2));
        assertThat(digests).hasSize(4);
    }

    @Test
    void theNextDigestFollowsLocalTimeOverADaylightSavingChangeAndNeverTwiceADay() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalTime eight = LocalTime.of(8, 0);
        // Clocks go forward on 2026-03-29: 08:00 is 07:00Z before and 06:00Z after.
        assertThat(DailyDigest.next(Instant.parse("2026-03-28T07:00:00Z"), eight, berlin, null).toInstant())
                .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
        // A timer a little early must not give the same day a second digest.
        Instant early = Instant.parse("2026-03-29T05:59:59.990Z");
        assertThat(DailyDigest.next(early, eight, berlin, LocalDate.of(2026, 3, 29)))
                .isEqualTo(ZonedDateTime.of(2026, 3, 30, 8, 0, 0, 0, berlin));
        assertThat(DailyDigest.next(early, eight, berlin, null).toInstant())
                .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
    }

    @Test
    void withoutSinksNothingIsBuiltOrScheduled() {
        Notifier n = Notifier.fromConfig(NotifyConfig.DEFAULTS, Map.of(), time, java.nio.file.Path.of("logs"));

        n.onEvent(event("demo", EventKind.HELD, null));

        assertThat(n.sinks()).isEmpty();
        assertThat(time.nextDelay()).isNull();
        n.close();
    }
}
