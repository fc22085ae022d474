package io.ultrawatch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two webhook receivers that never deliver, for ultrawatch's notifications: a dead one (a port nobody listens on:
 * connection refused) and a slow one (accepts connections and never answers: every try waits its whole timeout).
 * With them configured, crash and hang recovery must stay what they are without them: a sink costs only its own
 * queue. The slow receiver holds every connection it accepts until the bench ends.
 */
final class BrokenSinks {
    static final String DEAD_VARIABLE = "BENCH_DEAD_WEBHOOK";
    static final String SLOW_VARIABLE = "BENCH_SLOW_WEBHOOK";

    private final int deadPort;
    private final ServerSocket slow;
    private final List<Socket> held = new ArrayList<>();

    private BrokenSinks(int deadPort, ServerSocket slow) {
        this.deadPort = deadPort;
        this.slow = slow;
    }

    static BrokenSinks open() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();   // closed again at once: nobody listens there
        }
        ServerSocket slow = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        BrokenSinks sinks = new BrokenSinks(dead, slow);
        Thread t = new Thread(sinks::holdForever, "bench-slow-webhook");
        t.setDaemon(true);
        t.start();
        return sinks;
    }

    Map<String, String> variables() {
        return Map.of(DEAD_VARIABLE, "http://127.0.0.1:" + deadPort + "/hook",
                SLOW_VARIABLE, "http://127.0.0.1:" + slow.getLocalPort() + "/hook");
    }

    private void holdForever() {
        while (!slow.isClosed()) {
            try {
                Socket s = slow.accept();
                synchronized (held) {
                    held.add(s);   // never read, never answered, never closed
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
