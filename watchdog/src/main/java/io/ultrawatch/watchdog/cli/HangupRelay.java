package io.ultrawatch.watchdog.cli;

import org.slf4j.LoggerFactory;

/**
 * SIGHUP from the first moment of {@code run}: until the watchdog is ready a hangup is only remembered, and answered
 * with one reload once it is. Without it a HUP during start-up (a reload sent by a script while cron starts the
 * watchdog) met the JVM's default handler, which exits, and the shutdown hook stopped every bot.
 */
final class HangupRelay implements Runnable {
    private Runnable reload;
    private boolean pending;

    @Override
    public void run() {
        Runnable target;
        synchronized (this) {
            if (reload == null) {
                pending = true;
                return;
            }
            target = reload;
        }
        target.run();
    }

    /** From now on a hangup reloads; one that came during start-up reloads now (the file may have changed). */
    void ready(Runnable reload) {
        boolean missed;
        synchronized (this) {
            this.reload = reload;
            missed = pending;
            pending = false;
        }
        if (missed) {
            LoggerFactory.getLogger(HangupRelay.class).info("SIGHUP arrived during start-up: reloading the config now"
                    + " that the watchdog is ready");
            reload.run();
        }
    }
}
