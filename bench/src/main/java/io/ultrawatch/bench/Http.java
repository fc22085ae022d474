package io.ultrawatch.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal HTTP/1.1 GET over a fresh loopback connection each time, with a hard deadline. No pooling: a pooled
 * socket to a bot that was replaced would hide the replacement.
 */
final class Http {
    static final String HOST = "127.0.0.1";
    private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");

    private Http() {
    }

    /** status 0 = no answer (refused, reset or timeout). */
    record Answer(int status, String body, long atMs) {
        boolean ok() {
            return status == 200;
        }

        /** The pid the bot put in its body, -1 when none. */
        long pid() {
            Matcher m = PID.matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    static Answer get(int port, String path, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(HOST, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            int n;
            while ((n = in.read(b)) >= 0) {
                buf.write(b, 0, n);
            }
            String text = buf.toString(StandardCharsets.ISO_8859_1);
            long at = Clock.nowMs();
            int sp = text.indexOf(' ');
            if (!text.startsWith("HTTP/") || sp < 0 || text.length() < sp + 4) {
                return new Answer(0, "", at);
            }
            int status = Integer.parseInt(text.substring(sp + 1, sp + 4));
            int bodyAt = text.indexOf("\r\n\r\n");
            return new Answer(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4), at);
        } catch (IOException | RuntimeException e) {
            return new Answer(0, "", Clock.nowMs());
        }
    }

    /** True when something accepts connections on the port. */
    static boolean portTaken(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
