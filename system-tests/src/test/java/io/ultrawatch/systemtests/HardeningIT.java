package io.ultrawatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrawatch.systemtests.UltrawatchRoot.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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


    // ---- item 2: another user and the lock ----

    @Test
    void anotherUserCannotOpenTheLockSoKillAndReviveWorks() throws Exception {
        assumeTrue(OtherUser.available(), "needs root (to create and remove a second local user with useradd)");
        try (OtherUser other = OtherUser.create(); UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            openToOthers(root);
            // What an older version left: status/ 0755, the lock 0644.
            Path status = Files.createDirectories(root.path("status"));
            Files.setPosixFilePermissions(status, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(root.path("status/watchdog.lock"), "");
            Files.setPosixFilePermissions(root.path("status/watchdog.lock"), PosixFilePermissions.fromString("rw-r--r--"));
            root.startSuite();
            long watchdog = root.watchdogPid().orElseThrow();

            assertThat(mode(root.path("status"))).isEqualTo("rwx------");
            assertThat(mode(root.path("logs"))).isEqualTo("rwx------");
            assertThat(mode(root.path("status/watchdog.lock"))).isEqualTo("rw-------");
            assertThat(mode(root.path("status/start.lock"))).isEqualTo("rw-------");
            assertThat(mode(root.path("status/status.json"))).isEqualTo("rw-------");
            assertThat(mode(root.path("logs/demo.out.log"))).isEqualTo("rw-------");
            assertThat(root.log("watchdog.log")).anySatisfy(l -> assertThat(l).contains("WARN")
                    .contains(root.path("status").toString()).contains("open to other users"));

            ProcessHandle.of(watchdog).orElseThrow().destroyForcibly();
            org.awaitility.Awaitility.await("watchdog dead").atMost(UltrawatchRoot.WAIT).until(() -> !Proc.alive(watchdog));
            // The attack: hold the lock's flock (a read-only descriptor is enough) so no watchdog can start.
            Process squat = new ProcessBuilder(other.as("flock", "-n", "-s", root.path("status/watchdog.lock").toString(),
                    "sleep", "300")).redirectErrorStream(true).start();
            try {
                boolean ended = squat.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                String said = new String(squat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(ended).as("the other user's flock could not even open the lock: %s", said).isTrue();
                assertThat(squat.exitValue()).isNotZero();

                Result r = root.ensureRunning();
                assertThat(r.exit()).as("%s", r).isZero();
                assertThat(root.watchdogPid()).as("a new watchdog").isPresent().get().isNotEqualTo(watchdog);
            } finally {
                squat.destroyForcibly();
            }
        }
    }

    /**
     * Issue 16: a notify bot's socket is its watchdog's user's alone. The folder (0700) keeps another user out, and
     * were it opened by hand, the socket's own mode (0600) still does: a forged WATCHDOG=trigger never arrives.
     */
    @Test
    void anotherUserCannotWriteToANotifyBotsSocket() throws Exception {
        assumeTrue(OtherUser.available(), "needs root (to create and remove a second local user with useradd)");
        String pinger = "  - name: pinger\n    command: ['python3', 'pinger.py']\n"
                + "    health: {type: notify, watchdog_interval: 5s}\n";
        try (OtherUser other = OtherUser.create(); UltrawatchRoot root = UltrawatchRoot.create(tmp, pinger)) {
            openToOthers(root);
            Files.writeString(root.path("pinger.py"), String.join("\n",
                    "import os, socket, time",
                    "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                    "while True:",
                    "    s.sendto(b'READY=1\\nWATCHDOG=1', os.environ['NOTIFY_SOCKET'])",
                    "    time.sleep(0.5)", ""));
            root.startSuite();
            root.awaitStatus("pinger RUNNING", s -> {
                for (JsonNode b : s.path("bots")) {
                    if ("pinger".equals(b.path("name").asText())) {
                        return "RUNNING".equals(b.path("state").asText());
                    }
                }
                return false;
            });
            Path socket = root.path("status/notify/pinger.sock");
            assertThat(mode(root.path("status/notify"))).isEqualTo("rwx------");
            assertThat(mode(socket)).isEqualTo("rw-------");
            assertThat(Files.getOwner(socket)).isEqualTo(Files.getOwner(root.dir));

            List<String> forge = other.as("python3", "-c", "import socket, sys\n"
                    + "socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'WATCHDOG=trigger', sys.argv[1])",
                    socket.toString());
            assertThat(runAs(forge)).contains("Permission denied");
            // A careless chmod of the folders: the socket's own mode is the second wall.
            Files.setPosixFilePermissions(root.path("status"), PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(root.path("status/notify"), PosixFilePermissions.fromString("rwx--x--x"));
            assertThat(runAs(forge)).contains("Permission denied");

            JsonNode status = root.status().orElseThrow();
            for (JsonNode b : status.path("bots")) {
                if ("pinger".equals(b.path("name").asText())) {
                    assertThat(b.path("restarts_total").asLong()).as("no forged restart arrived").isZero();
                }
            }
        }
    }

    /** A real install lives in a home folder others may enter (0755), not in a 0700 temp folder: so do the tests'. */
    private void openToOthers(UltrawatchRoot root) throws IOException {
        Path top = tmp.toRealPath();
        for (Path p = root.dir; p.startsWith(top); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (p.equals(top)) {
                break;
            }
        }
    }

    /** Runs a command as the other user and returns what it said; it must end, with a failure. */
    private static String runAs(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s", said).isNotZero();
            return said;
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aLockHeldByAnotherUserSinceBeforeTheFixIsMovedAsideAndTheWatchdogRevived() throws Exception {
        assumeTrue(OtherUser.available(), "needs root (to create and remove a second local user with useradd)");
        try (OtherUser other = OtherUser.create(); UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            Files.setPosixFilePermissions(tmp.toRealPath(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(root.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            root.startSuite();
            long watchdog = root.watchdogPid().orElseThrow();
            ProcessHandle.of(watchdog).orElseThrow().destroyForcibly();
            await("watchdog dead").atMost(UltrawatchRoot.WAIT).until(() -> !Proc.alive(watchdog));
            // The modes an older version left, long enough for the other user to open the lock and hold it...
            Files.setPosixFilePermissions(root.path("status"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(root.path("status/watchdog.lock"),
                    PosixFilePermissions.fromString("rw-r--r--"));
            Process squat = new ProcessBuilder(other.as("flock", "-s", root.path("status/watchdog.lock").toString(),
                    "sleep", "300")).redirectErrorStream(true).start();
            try {
                await("the other user holds the lock").atMost(UltrawatchRoot.WAIT).until(() -> Files.readAllLines(
                        Path.of("/proc/locks")).stream().anyMatch(l -> l.contains(" " + squat.pid() + " ")
                        || squat.descendants().anyMatch(d -> l.contains(" " + d.pid() + " "))));
                // ...and the upgrade closes the folder: the descriptor it already has stays valid.
                Files.setPosixFilePermissions(root.path("status"), PosixFilePermissions.fromString("rwx------"));

                Result r = root.ensureRunning();

                assertThat(r.exit()).as("%s", r).isZero();
                assertThat(root.watchdogPid()).as("a new watchdog: %s", r).isPresent();
                assertThat(root.autoRestartLog()).anySatisfy(l -> assertThat(l).contains("was held by pid")
                        .contains("of uid " + other.uid).contains("moved aside"));
                assertThat(squat.isAlive()).as("the other user's process is left alone").isTrue();
            } finally {
                squat.destroyForcibly();
            }
        }
    }

    // ---- item 3: the token never goes to whoever holds the port ----

    @Test
    void aSquatterOnTheControlPortNeverReceivesTheToken() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp, "", true)) {
            int port = UltrawatchRoot.freePort();
            Path config = root.path("watchdog.yml");
            Files.writeString(config, Files.readString(config).replace("    port: 0\n", "    port: " + port + "\n"));
            root.startSuite();
            long first = root.watchdogPid().orElseThrow();
            String token = Files.readString(root.path("status/control.token")).strip();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            org.awaitility.Awaitility.await("watchdog dead").atMost(UltrawatchRoot.WAIT).until(() -> !Proc.alive(first));

            try (Squatter squatter = Squatter.on(port)) {
                Result revive = root.ensureRunning();
                assertThat(revive.exit()).as("%s", revive).isZero();
                long second = root.watchdogPid().orElseThrow();
                assertThat(second).isNotEqualTo(first);
                org.awaitility.Awaitility.await("the new watchdog gave up its control server")
                        .atMost(UltrawatchRoot.WAIT).until(() -> root.log("watchdog.log").stream()
                                .anyMatch(l -> l.contains("Control server not started")));

                Result restart = root.cli("restart", "demo", "--status-dir", root.path("status").toString());
                Result status = root.cli("status", "--status-dir", root.path("status").toString());

                assertThat(restart.exit()).as("%s", restart).isNotZero();
                assertThat(restart.out() + restart.err())
                        .contains("control server not running: port " + port + " is taken by another process");
                assertThat(status.out()).contains("control server not running: port " + port
                        + " is taken by another process");
                assertThat(squatter.received()).as("what the squatter received").doesNotContain(token)
                        .doesNotContain("Bearer");
            }
        }
    }

    // ---- item 10: the stop marker and the folders of a config ----

    @Test
    void stopFailsLoudlyAndStopsNothingWhenItCannotWriteTheStoppedMarker() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            root.startSuite();
            long watchdog = root.watchdogPid().orElseThrow();
            // Root ignores permission bits: a folder where the marker goes makes the write fail for anyone.
            Files.createDirectories(root.path("status/STOPPED"));

            Result stop = root.run("scripts/stop_ultra_reliable_bot.sh");

            assertThat(stop.exit()).as("%s", stop).isEqualTo(1);
            assertThat(stop.err()).contains("Cannot write " + root.path("status/STOPPED"));
            assertThat(root.watchdogPid()).as("nothing stopped").contains(watchdog);
        }
    }

    @Test
    void flowStyleWatchdogBlockThatMovesTheStatusFolderIsRefused() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            Path config = root.path("watchdog.yml");
            Files.writeString(config, Files.readString(config).replace(
                    "watchdog:\n  status_interval: 200ms\n  control:\n    enabled: false\n",
                    "watchdog: {status_interval: 200ms, status_dir: elsewhere, control: {enabled: false}}\n"));

            Result r = root.ensureRunning();

            assertThat(r.exit()).as("%s", r).isEqualTo(78);
            assertThat(r.err()).contains("config not supported by the scripts")
                    .contains("watchdog.status_dir").contains(root.path("elsewhere").toString());
            assertThat(root.watchdogJvms()).isEmpty();
        }
    }


    // ---- item 4: a full disk ----

    @Test
    void aFullStatusDiskNeitherEndsSupervisionNorMakesCronKillTheWatchdog() throws Exception {
        assumeTrue(OtherUser.isRoot(), "needs root (to mount a 256 KB tmpfs on status/)");
        UltrawatchRoot root = UltrawatchRoot.create(tmp, "", true);
        {
            // A fixed port: the heartbeat line the full disk keeps names the address every watchdog binds.
            int port = UltrawatchRoot.freePort();
            Path config = root.path("watchdog.yml");
            Files.writeString(config, Files.readString(config).replace("    port: 0\n", "    port: " + port + "\n"));
            Path status = Files.createDirectories(root.path("status"));
            assertThat(sh("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", status.toString())).isZero();
            try {
                JsonNode before = root.startSuite();
                long watchdog = root.watchdogPid().orElseThrow();
                long bot = UltrawatchRoot.demo(before).path("pid").asLong();
                long limit = Long.parseLong(root.heartbeat().orElseThrow()[3]);
                fill(status.resolve("fill"));
                await("heartbeat older than its limit (the disk is full)").atMost(UltrawatchRoot.WAIT)
                        .pollInterval(Duration.ofMillis(100)).until(() -> System.currentTimeMillis()
                                - Long.parseLong(root.heartbeat().orElseThrow()[2]) > limit + 500);
                assertThat(get("127.0.0.1", port, "/healthz")).contains("\"status_write_failing\":true")
                        .contains("\"pid\":" + watchdog);
                assertThat(get("127.0.0.1", port, "/metrics"))
                        .containsPattern("ultrawatch_watchdog_status_write_failures_total [1-9]");

                Result statusSh = root.run("scripts/status.sh");
                assertThat(statusSh.out()).as("%s", statusSh).contains("watchdog: running, pid " + watchdog
                        + ", but it CANNOT WRITE its status files");
                Result r = root.ensureRunning();

                assertThat(r.exit()).as("%s", r).isZero();
                assertThat(Proc.alive(watchdog)).as("the watchdog that cannot write was left alone").isTrue();
                assertThat(root.autoRestartLog()).singleElement().asString().contains("pid " + watchdog
                        + " left alone").contains("cannot write its status files");
                assertThat(root.log("watchdog.log").stream().filter(l -> l.contains("Cannot write")).count())
                        .as("failed writes logged once a minute, not once per write").isBetween(1L, 2L);

                // A start with the disk still full: the lock matters, the pid file is best effort.
                ProcessHandle.of(watchdog).orElseThrow().destroyForcibly();
                await("watchdog dead").atMost(UltrawatchRoot.WAIT).until(() -> !Proc.alive(watchdog));
                Result revive = root.ensureRunning();

                assertThat(revive.exit()).as("%s", revive).isZero();
                List<Proc> watchdogs = root.watchdogJvms();
                assertThat(watchdogs).hasSize(1);
                long second = watchdogs.get(0).pid();
                await("the new watchdog answers /healthz, saying it cannot write").atMost(UltrawatchRoot.WAIT)
                        .until(() -> get("127.0.0.1", port, "/healthz").contains("\"pid\":" + second));
                assertThat(get("127.0.0.1", port, "/healthz")).contains("\"status_write_failing\":true");
                assertThat(Proc.alive(bot)).as("the bot runs on, adopted").isTrue();
                assertThat(root.botJvms()).extracting(Proc::pid).containsExactly(bot);
            } finally {
                root.close();   // every process of the root first: they hold files on the tmpfs
                sh("umount", "-l", status.toString());
            }
        }
    }

    private static void fill(Path file) {
        byte[] block = new byte[4096];
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 1024; i++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            return;   // full: what we wanted
        }
        throw new AssertionError("4 MB fitted on a 256 KB tmpfs: " + file);
    }

    /** The whole answer to GET path (HTTP/1.0, the server closes), or what went wrong. */
    static String get(String host, int port, String path) {
        try (Socket s = new Socket(InetAddress.getByName(host), port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + ":" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace(" : ", ":")
                    .replace(": ", ":");
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    static int sh(String... command) {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ---- item 9: bounded logs ----

    @Test
    void theScriptsLogsStayBoundedAndARepeatedFailureIsLoggedOnceWithACount() throws Exception {
        try (UltrawatchRoot root = UltrawatchRoot.create(tmp)) {
            Path config = root.path("watchdog.yml");
            Files.writeString(config, Files.readString(config).replace("status_interval: 200ms",
                    "status_interval: 10ms"));
            Files.createDirectories(root.path("logs"));
            String line = "x".repeat(99) + "\n";
            for (String log : List.of("auto_restart.log", "watchdog.console.log")) {
                Files.writeString(root.path("logs/" + log), line.repeat(30_000));   // 3 MB
            }

            for (int i = 0; i < 4; i++) {
                Result r = root.ensureRunning();
                assertThat(r.exit()).as("%s", r).isEqualTo(78);
            }

            for (String log : List.of("auto_restart.log", "watchdog.console.log")) {
                assertThat(Files.size(root.path("logs/" + log))).as(log + " in bytes").isLessThan(1024 * 1024);
                assertThat(root.log(log).get(0)).as(log).contains("older lines dropped");
            }
            List<String> auto = root.autoRestartLog();
            assertThat(auto.get(auto.size() - 2)).contains("config invalid");
            assertThat(auto.get(auto.size() - 1)).endsWith("same failure as the last 4 runs (the line above)");
            assertThat(auto.stream().filter(l -> l.contains("config invalid")).count()).isEqualTo(1);
            // The JVM's own output of a failed start, the same every run, is kept once too.
            List<String> console = root.log("watchdog.console.log");
            assertThat(console.stream().filter(l -> l.contains("watchdog.status_interval must be at least")).count())
                    .as("%s", console).isEqualTo(1);
            assertThat(console.get(console.size() - 1)).endsWith("same start failure as the last 4 runs (the output"
                    + " above)");
        }
    }

    // ---- helpers ----

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Listens on a port the watchdog wants and records every byte any client sends it. */
    static final class Squatter implements AutoCloseable {
        private final ServerSocket server;
        private final StringBuffer received = new StringBuffer();
        private final Thread thread;

        private Squatter(ServerSocket server) {
            this.server = server;
            this.thread = new Thread(this::serve, "squatter");
            thread.setDaemon(true);
            thread.start();
        }

        static Squatter on(int port) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return new Squatter(s);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket c = server.accept()) {
                    c.setSoTimeout(2000);
                    byte[] buf = new byte[8192];
                    int n = c.getInputStream().read(buf);
                    if (n > 0) {
                        received.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // a client that went away, or the server closed
                }
            }
        }

        String received() {
            return received.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

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
