package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.sdnotify.NotifyMessage;
import io.ultrawatch.watchdog.sdnotify.NotifySockets;
import io.ultrawatch.watchdog.time.Actor;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A notify bot's socket, for as long as the bot is meant to run: opened before its first start (the bot finds it in
 * {@code NOTIFY_SOCKET}) or its adoption, kept across restarts (the path never changes), closed and removed when the
 * bot is stopped. Messages are handed to the supervisor's actor. Bots of another health type have none.
 */
final class NotifyLink {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NotifyLink.class);
    private final Supplier<BotConfig> config;
    private final NotifySockets sockets;
    private final Actor actor;
    private final Consumer<NotifyMessage> receiver;
    private NotifySockets.Socket socket;

    NotifyLink(Supplier<BotConfig> config, NotifySockets sockets, Actor actor, Consumer<NotifyMessage> receiver) {
        this.config = config;
        this.sockets = sockets;
        this.actor = actor;
        this.receiver = receiver;
    }

    /** Before a start: the socket is there when the config asks for one (a reload may have changed the type). */
    void prepare() throws IOException {
        boolean wanted = config.get().health().check() instanceof HealthCheck.Notify;
        if (wanted && socket == null) {
            NotifySockets.Socket[] opened = new NotifySockets.Socket[1];
            // A message still in flight from a socket closed since is dropped: only the open one's count.
            opened[0] = sockets.open(config.get().name(), m -> actor.handOff(() -> {
                if (socket != null && socket == opened[0]) {
                    receiver.accept(m);
                }
            }));
            socket = opened[0];
        } else if (!wanted) {
            close();
        }
    }

    /** For an adopted bot, which runs already: a socket that cannot be made is logged, not a failed start. */
    void prepareOrWarn() {
        try {
            prepare();
        } catch (IOException e) {
            log.warn("{}: {}; its notify messages are lost until its next start", config.get().name(), e.getMessage());
        }
    }

    void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
