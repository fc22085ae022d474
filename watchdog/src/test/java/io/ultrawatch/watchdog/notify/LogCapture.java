package io.ultrawatch.watchdog.notify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log line (all loggers, the notifier's at DEBUG) as it would be written, with its stack traces. */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger notify = (Logger) LoggerFactory.getLogger("io.ultrawatch.watchdog.notify");
    private final Level before = notify.getLevel();

    LogCapture() {
        appender.start();
        root.addAppender(appender);
        notify.setLevel(Level.DEBUG);
    }

    /** Each line: level, logger, formatted message, and the whole chain of exceptions with their messages. */
    synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            StringBuilder s = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                s.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            out.add(s.toString());
        }
        return out;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        notify.setLevel(before);
    }
}
