package io.ultrawatch.watchdog.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a bot's health check looks at (YAML key {@code health.type} and the keys of that type). Most chat bots serve
 * no HTTP, so there are six kinds: four the watchdog polls, one the bot pushes (systemd's notify protocol), and none; every kind shares {@code interval},
 * {@code timeout}, {@code failure_threshold}, {@code startup_timeout} and the no-blind-window rule.
 */
public sealed interface HealthCheck {
    /** The kinds, with their YAML names. */
    enum Type {
        HTTP, TCP, EXEC, FILE, NOTIFY, NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Type type();

    /** What two bots must not share (the same URL, port or file would judge one bot by the other), or null. */
    String target();

    /** {@code GET url}: a 2xx is healthy; a 2xx whose JSON says {@code "status":"DEGRADED"} is alive but not ready. */
    record Http(URI url) implements HealthCheck {
        @Override
        public Type type() {
            return Type.HTTP;
        }

        @Override
        public String target() {
            return url.toString();
        }
    }

    /** A TCP connect to {@code host:port} within the timeout is healthy (a bot that listens but speaks no HTTP). */
    record Tcp(String host, int port) implements HealthCheck {
        @Override
        public Type type() {
            return Type.TCP;
        }

        @Override
        public String target() {
            return host + ":" + port;
        }
    }

    /**
     * A command run in the bot's working dir and environment: exit 0 within the timeout is healthy, exit 2 is
     * degraded, anything else (or still running at the timeout: killed with its tree) fails.
     */
    record Exec(List<String> command) implements HealthCheck {
        public Exec {
            command = List.copyOf(command);
        }

        @Override
        public Type type() {
            return Type.EXEC;
        }

        @Override
        public String target() {
            return null;
        }
    }

    /**
     * The heartbeat-file pattern for a bot that will never serve HTTP: it touches {@code path} from its main loop, and
     * the file's modification time must be younger than {@code maxAge}.
     */
    record File(Path path, Duration maxAge) implements HealthCheck {
        @Override
        public Type type() {
            return Type.FILE;
        }

        @Override
        public String target() {
            return path.toString();
        }
    }

    /**
     * systemd's notification protocol ({@code sd_notify(3)}): the bot sends {@code READY=1} when it is up and, when
     * {@code watchdogInterval} is set, {@code WATCHDOG=1} at least that often, to the socket named in its
     * {@code NOTIFY_SOCKET}. Nothing is polled: a missed deadline is seen at the deadline itself.
     *
     * @param watchdogInterval the longest time between two {@code WATCHDOG=1}, passed to the bot as
     *     {@code WATCHDOG_USEC}; null = no deadline (only {@code READY=1}, the exit and memory are watched), as
     *     systemd without {@code WatchdogSec=}
     */
    record Notify(Duration watchdogInterval) implements HealthCheck {
        @Override
        public Type type() {
            return Type.NOTIFY;
        }

        @Override
        public String target() {
            return null;
        }
    }

    /**
     * Process supervision only (exit, memory, schedule, flag file): RUNNING once the process has been up for
     * {@code startupGrace}.
     */
    record None(Duration startupGrace) implements HealthCheck {
        @Override
        public Type type() {
            return Type.NONE;
        }

        @Override
        public String target() {
            return null;
        }
    }
}
