package io.ultrawatch.watchdog.sdnotify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where bots' notify sockets are opened. The real one is {@link NotifyReceiver}; tests of the supervisor hand
 * messages in directly.
 */
public interface NotifySockets extends AutoCloseable {
    /** The folder of the sockets, inside the status folder (0700, so no other user even reaches a socket). */
    static Path folder(Path statusDir) {
        return statusDir.resolve("notify");
    }

    /** Bot {@code bot}'s socket: {@code status/notify/<bot>.sock}, the same path for every start and an adoption. */
    static Path path(Path statusDir, String bot) {
        return folder(statusDir).resolve(bot + ".sock");
    }

    /**
     * Binds a fresh socket for {@code bot} (a stale file of an earlier watchdog at the path is replaced) and hands
     * every well-formed datagram to {@code receiver}, on the receive loop's thread (hand it off, do not block).
     *
     * @throws IOException naming the path when the socket cannot be made
     */
    Socket open(String bot, Consumer<NotifyMessage> receiver) throws IOException;

    /** Closes every socket still open and ends the receive loop (the watchdog is closing); nothing by default. */
    @Override
    default void close() {
    }

    /** An open socket. */
    interface Socket {
        Path path();

        /** Datagrams dropped since it was opened: malformed, oversized, or from another user's process. */
        default long dropped() {
            return 0;
        }

        /** Stops receiving, closes the socket and removes its file. Idempotent. */
        void close();
    }

    /**
     * Made on the first {@link #open}: a watchdog whose bots do not use the protocol never loads the receive loop or
     * starts its thread.
     */
    static NotifySockets lazy(Supplier<NotifySockets> make) {
        return new NotifySockets() {
            private NotifySockets made;

            @Override
            public synchronized Socket open(String bot, Consumer<NotifyMessage> receiver) throws IOException {
                if (made == null) {
                    made = make.get();
                }
                return made.open(bot, receiver);
            }

            @Override
            public synchronized void close() {
                if (made != null) {
                    made.close();
                }
            }
        };
    }
}
