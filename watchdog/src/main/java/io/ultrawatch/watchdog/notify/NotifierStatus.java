package io.ultrawatch.watchdog.notify;

import java.util.List;

/** Read-only view of the notifier for metrics, the status file and the dashboard. Thread-safe. */
public interface NotifierStatus {
    /** One entry per configured sink, in config order, the unusable ones included. */
    List<SinkStatus> sinks();
}
