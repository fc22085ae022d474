package io.ultrawatch.watchdog.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.ultrawatch.watchdog.config.LogConfig;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logback set up in code rather than from logback.xml: it starts in half the classes (see docs/jvm-footprint.md),
 * and the paths come from the config. Two files, both rotated by size: {@code watchdog.log} for people and
 * {@code events.jsonl} (logger {@value #EVENTS_LOGGER}) with one JSON event a line for machines.
 */
public final class LogSetup {
    public static final String EVENTS_LOGGER = "ultrawatch.events";
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %msg%n";

    private LogSetup() {
    }

    public static void configure(Path logDir, LogConfig rotation, boolean console) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(rolling(ctx, logDir.resolve("watchdog.log"), PATTERN, rotation));
        if (console) {
            ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
            out.setContext(ctx);
            out.setEncoder(encoder(ctx, PATTERN));
            out.start();
            root.addAppender(out);
        }
        Logger events = ctx.getLogger(EVENTS_LOGGER);
        events.setAdditive(false);
        events.addAppender(rolling(ctx, logDir.resolve("events.jsonl"), "%msg%n", rotation));
        // Libraries speak only when something is wrong.
        ctx.getLogger("okhttp3").setLevel(Level.WARN);
        ctx.getLogger("oshi").setLevel(Level.WARN);
    }

    private static Appender<ILoggingEvent> rolling(LoggerContext ctx, Path file, String pattern, LogConfig rotation) {
        RollingFileAppender<ILoggingEvent> app = new RollingFileAppender<>();
        app.setContext(ctx);
        app.setName(file.getFileName().toString());
        app.setFile(file.toString());
        app.setAppend(true);
        FixedWindowRollingPolicy policy = new FixedWindowRollingPolicy();
        policy.setContext(ctx);
        policy.setParent(app);
        policy.setFileNamePattern(file + ".%i");
        policy.setMinIndex(1);
        policy.setMaxIndex(Math.max(1, rotation.keep()));
        policy.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(new FileSize(rotation.maxSizeBytes()));
        trigger.start();
        app.setRollingPolicy(policy);
        app.setTriggeringPolicy(trigger);
        app.setEncoder(encoder(ctx, pattern));
        app.start();
        return app;
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(pattern);
        enc.start();
        return enc;
    }
}
