package io.ultrawatch.watchdog.event;

/** Receives events on the bus's delivery thread; must not block for long. */
@FunctionalInterface
public interface EventListener {
    void onEvent(WatchdogEvent event);
}
