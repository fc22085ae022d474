package io.ultrawatch.watchdog.testing;

import io.ultrawatch.watchdog.sdnotify.NotifyMessage;
import io.ultrawatch.watchdog.sdnotify.NotifySockets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Notify sockets in memory: a test sends a datagram's text and it is delivered at once, as if the loop read it. */
public final class FakeNotifySockets implements NotifySockets {
    private final Map<String, Consumer<NotifyMessage>> open = new HashMap<>();
    /** "open bot" and "close bot", in order, for asserting when the socket exists. */
    public final List<String> log = new ArrayList<>();

    /** A list shared with a launcher, so the order of socket and spawn can be asserted. */
    public FakeNotifySockets() {
    }

    @Override
    public Socket open(String bot, Consumer<NotifyMessage> receiver) {
        open.put(bot, receiver);
        log.add("open " + bot);
        return new Socket() {
            private boolean closed;

            @Override
            public Path path() {
                return Path.of("/tmp", bot + ".sock");
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    open.remove(bot);
                    log.add("close " + bot);
                }
            }
        };
    }

    public boolean isOpen(String bot) {
        return open.containsKey(bot);
    }

    /** Delivers {@code text} from {@code pid}; fails the test when the bot has no open socket. */
    public void send(String bot, String text, long pid) {
        Consumer<NotifyMessage> receiver = open.get(bot);
        if (receiver == null) {
            throw new AssertionError("no notify socket open for " + bot);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        receiver.accept(NotifyMessage.parse(bytes, pid, 0).orElseThrow());
    }
}
