package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.time.Cancellable;
import io.ultrawatch.watchdog.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires once a day at {@code notify.digest_at} local time: builds the digest on the notifier's executor (it reads
 * files; a timer task must be short) and hands it to every sink. The next time is worked out from the wall clock
 * after each firing, so a daylight-saving change moves it with the local time, and a day that already had its digest
 * never gets a second one (a timer that fires a little early). Thread-safe.
 */
final class DailyDigest {
    private static final Logger log = LoggerFactory.getLogger(DailyDigest.class);

    private final LocalTime at;
    private final ZoneId zone;
    private final Scheduler time;
    private final Executor work;
    private final Function<Instant, Notification> build;
    private final Consumer<Notification> out;
    private LocalDate lastFired;
    private Cancellable timer = Cancellable.NONE;
    private boolean closed;

    DailyDigest(LocalTime at, ZoneId zone, Scheduler time, Executor work, Function<Instant, Notification> build,
                Consumer<Notification> out) {
        this.at = at;
        this.zone = zone;
        this.time = time;
        this.work = work;
        this.build = build;
        this.out = out;
    }

    synchronized void start() {
        scheduleNext();
    }

    /** The first {@code at} in {@code zone} after {@code now}, skipping the day {@code lastFired} if given. */
    static ZonedDateTime next(Instant now, LocalTime at, ZoneId zone, LocalDate lastFired) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime next = local.toLocalDate().atTime(at).atZone(zone);
        if (!next.isAfter(local)) {
            next = local.toLocalDate().plusDays(1).atTime(at).atZone(zone);
        }
        if (lastFired != null && !next.toLocalDate().isAfter(lastFired)) {
            next = lastFired.plusDays(1).atTime(at).atZone(zone);
        }
        return next;
    }

    private void scheduleNext() {
        if (closed) {
            return;
        }
        Instant now = time.clock().instant();
        ZonedDateTime next = next(now, at, zone, lastFired);
        timer = time.schedule(this::fire, Duration.between(now, next.toInstant()));
        log.debug("Next notification digest at {}", next);
    }

    private synchronized void fire() {
        if (closed) {
            return;
        }
        Instant now = time.clock().instant();
        lastFired = now.atZone(zone).toLocalDate();
        try {
            work.execute(() -> {
                try {
                    out.accept(build.apply(now));
                } catch (RuntimeException e) {
                    log.warn("Cannot build the notification digest: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            return; // shutting down
        }
        scheduleNext();
    }

    synchronized void close() {
        closed = true;
        timer.cancel();
    }
}
