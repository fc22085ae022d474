package io.ultrawatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ultrawatch.systemtests.UltrawatchRoot.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 (hardening), against real watchdog JVMs, real demo bots and the real scripts: what another local user or
 * a bad day (a full disk, an IPv6 control address) must not do to supervision.
 */
class HardeningIT {
    @TempDir
    Path tmp;

    // ---- item 1: half-open connections to the control server ----

    @Test
    void halfOpenConnectionsNeitherSilenceHealthzNorMakeCronKillAHealthyWatchdog() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp, "", true)) {
            root.startSuite();
            long watchdog = root.watchdogPid().orElseThrow();
            String[] hb = root.heartbeat().orElseThrow();
            String host = hb[4];
            int port = Integer.parseInt(hb[5]);

            try (HalfOpen slow = HalfOpen.open(host, port, 4)) {
                assertThat(slow.count()).as("half-open connections").isEqualTo(4);
                long t0 = System.nanoTime();
                String status = healthzStatusLine(host, port, 3000);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(status).as("/healthz with 4 half-open connections").startsWith("HTTP/1.1 200");
                assertThat(millis).as("ms to answer /healthz (cron waits 3 s)").isLessThan(2000);

                Result r = root.ensureRunning();

                assertThat(r.exit()).as("%s", r).isZero();
                assertThat(r.out()).as("stdout").isEmpty();
                assertThat(r.err()).as("stderr").isEmpty();
                assertThat(root.watchdogPid()).as("the same watchdog").contains(watchdog);
                assertThat(root.autoRestartLog()).isEmpty();
            }
        }
    }

    @Test
    void aFailedHealthzAloneNeverKillsAWatchdogWhoseHeartbeatIsFresh() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp, "", true)) {
            root.startSuite();
            long watchdog = root.watchdogPid().orElseThrow();
            String[] hb = root.heartbeat().orElseThrow();
            // More connections than the server has workers: the surplus is refused, so /healthz fails at once.
            try (HalfOpen flood = HalfOpen.open(hb[4], Integer.parseInt(hb[5]), 40)) {
                assertThat(flood.count()).as("connections the server accepted").isPositive();
                Result r = root.ensureRunning();

                assertThat(r.exit()).as("%s", r).isZero();
                assertThat(r.out()).as("stdout").isEmpty();
                assertThat(root.watchdogPid()).as("the same watchdog").contains(watchdog);
                assertThat(root.autoRestartLog()).noneMatch(l -> l.contains("started watchdog"));
            }
        }
    }

    // ---- item 5: an IPv6 control address ----

    @Test
    void ipv6ControlHostIsReachedByCronAndAHealthyWatchdogIsLeftAlone() throws Exception {
        assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback (::1)");
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp, "", true)) {
            Path config = root.path("watchdog.yml");
            Files.writeString(config, Files.readString(config).replace("    port: 0\n",
                    "    port: 0\n    host: \"::1\"\n"));
            root.startSuite();
            long watchdog = root.watchdogPid().orElseThrow();
            String[] hb = root.heartbeat().orElseThrow();
            assertThat(hb[4]).as("control_host in status/heartbeat").isEqualTo("::1");
            assertThat(healthzStatusLine("::1", Integer.parseInt(hb[5]), 3000)).startsWith("HTTP/1.1 200");

            // What cron's /healthz check concludes (an IPv6 literal needs brackets in the Host header, or 403).
            Files.writeString(root.path("healthz.sh"), "#!/bin/bash\n. scripts/lib/common.sh\nultra_read_heartbeat\n"
                    + "ultra_healthz\necho \"$ULTRA_HEALTHZ $ULTRA_HEALTHZ_PID\"\n");
            root.path("healthz.sh").toFile().setExecutable(true);
            Result check = root.run("healthz.sh");
            assertThat(check.out().strip()).as("%s", check).isEqualTo("ok " + watchdog);

            for (int i = 0; i < 3; i++) {
                Result r = root.ensureRunning();
                assertThat(r.exit()).as("%s", r).isZero();
                assertThat(r.out()).as("stdout").isEmpty();
                assertThat(r.err()).as("stderr").isEmpty();
            }
            assertThat(root.watchdogPid()).as("the same watchdog").contains(watchdog);
            assertThat(root.autoRestartLog()).isEmpty();
        }
    }

    // ---- helpers ----

    /** The status line of GET /healthz, or what went wrong, within {@code timeoutMs}. */
    static String healthzStatusLine(String host, int port, int timeoutMs) {
        try (Socket s = new Socket(InetAddress.getByName(host), port)) {
            s.setSoTimeout(timeoutMs);
            String h = host.contains(":") ? "[" + host + "]" : host;
            s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: " + h + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r' && c != '\n') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    static boolean hasIpv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Raw sockets that send a request line and a Host header, and never the blank line that ends the headers. */
    static final class HalfOpen implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();

        static HalfOpen open(String host, int port, int count) throws IOException {
            HalfOpen h = new HalfOpen();
            for (int i = 0; i < count; i++) {
                try {
                    Socket s = new Socket(InetAddress.getByName(host), port);
                    h.sockets.add(s);
                    s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // refused or reset by a server that is full: that is the point of opening this many
                }
            }
            return h;
        }

        int count() {
            return sockets.size();
        }

        @Override
        public void close() {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // a test socket
                }
            }
        }
    }
}
