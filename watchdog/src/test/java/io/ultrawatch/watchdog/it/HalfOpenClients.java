package io.ultrawatch.watchdog.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw sockets that start a request and never finish it: the request line and a Host header, without the blank line
 * that ends the headers. What any local user can do to a server that waits for headers without a limit.
 */
final class HalfOpenClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    static HalfOpenClients open(String host, int port, int count) throws IOException {
        HalfOpenClients c = new HalfOpenClients();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket(InetAddress.getByName(host), port);
            c.sockets.add(s);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        }
        return c;
    }

    /** True when the server has closed every one of them (a read sees the end of the stream or a reset). */
    boolean allClosedByServer() {
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(50);
                if (s.getInputStream().read() != -1) {
                    return false;
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                // reset: closed too
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a test socket: nothing to do
            }
        }
    }
}
