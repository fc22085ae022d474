package io.ultrawatch.watchdog.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Measures a running watchdog's control server (not a test, nothing is asserted): {@code /api/status} under N
 * concurrent keep-alive clients for S seconds on loopback (p50/p99), and the size and time of a {@code /metrics}
 * scrape. Bounded in time and count; loopback only.
 *
 * <pre>java -cp TEST_CLASSPATH io.ultrawatch.watchdog.it.ControlLoad PORT STATUS_DIR [CLIENTS] [SECONDS]</pre>
 */
public final class ControlLoad {
    private ControlLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = Files.readString(Path.of(args[1], "control.token")).strip();
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;

        for (int i = 0; i < 3; i++) {
            scrape(port);
        }
        long[] scrape = scrape(port);
        System.out.printf("/metrics: %d bytes, %.2f ms (warm)%n", scrape[0], scrape[1] / 1e6);

        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                List<Long> mine = new ArrayList<>();
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setSoTimeout(10_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    byte[] req = ("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                            + token + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        out.write(req);
                        out.flush();
                        readResponse(in);
                        mine.add(System.nanoTime() - t0);
                    }
                } catch (IOException e) {
                    System.err.println("client failed: " + e);
                }
                all.add(mine.stream().mapToLong(Long::longValue).toArray());
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("/api/status, %d clients, %d s: %d requests (%.0f/s), p50 %.2f ms, p90 %.2f ms,"
                + " p99 %.2f ms, max %.2f ms%n", clients, seconds, lat.length, lat.length / (double) seconds,
                pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[lat.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    private static long[] scrape(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            int size = readResponse(new BufferedInputStream(s.getInputStream()));
            return new long[] {size, System.nanoTime() - t0};
        }
    }

    /** Reads one response with a Content-Length body; returns the body size. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (in.readNBytes(length).length != length) {
            throw new IOException("short body");
        }
        return length;
    }
}
