package io.ultrawatch.watchdog.probe;

import io.ultrawatch.watchdog.config.HealthCheck;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** {@code health.type: tcp}: a connect to the port within the timeout is healthy; nothing is sent. Blocking. */
final class TcpCheck {
    private TcpCheck() {
    }

    /** @return null when the connect succeeded, else what went wrong */
    static String connect(HealthCheck.Tcp tcp, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), (int) Math.max(1, timeout.toMillis()));
            return null;
        } catch (SocketTimeoutException e) {
            return "no connect to " + tcp.target() + " within " + timeout.toMillis() + " ms";
        } catch (ConnectException e) {
            return "connection refused on " + tcp.target();
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + " connecting to " + tcp.target() + ": " + e.getMessage();
        }
    }
}
