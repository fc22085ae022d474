package io.ultrawatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench bot's sd_notify side against a real Unix datagram socket (a Python receiver: Java 17 has no Unix
 * datagram channel): READY=1, then WATCHDOG=1 every WATCHDOG_USEC/2, none once hung, and a FAULT line whose
 * last_beat_ms is the last beat that went out. notify_hang's deadline is computed from that stamp.
 */
class BenchBotNotifyIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Binds the socket, then writes "epoch-ms message" a datagram (newlines in a message as '|'). */
    private static final String RECEIVER = String.join("\n",
            "import socket, sys, time",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "out = open(sys.argv[2], 'a', buffering=1)",
            "while True:",
            "    m = s.recv(4096)",
            "    out.write('%d %s\\n' % (int(time.time() * 1000), m.decode().replace('\\n', '|')))");
    /** WATCHDOG_USEC of the tests: a beat every 100 ms. */
    private static final long WATCHDOG_USEC = 200_000;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatWasStarted() {
        started.forEach(Process::destroyForcibly);
    }

    private record Received(long atMs, String message) {
    }

    private List<Received> received() throws IOException {
        return received("n");
    }

    private List<Received> received(String name) throws IOException {
        Path f = dir.resolve(name + ".received");
        if (!Files.exists(f)) {
            return List.of();
        }
        return Files.readAllLines(f).stream().filter(l -> l.contains(" "))
                .map(l -> new Received(Long.parseLong(l.substring(0, l.indexOf(' '))), l.substring(l.indexOf(' ') + 1)))
                .toList();
    }

    private List<Received> beats() throws IOException {
        return received().stream().filter(r -> r.message().equals("WATCHDOG=1")).toList();
    }

    private Path receiver() throws IOException {
        return receiver("n");
    }

    private Path receiver(String name) throws IOException {
        Path sock = dir.resolve(name + ".sock");
        started.add(new ProcessBuilder(PYTHON.toString(), "-S", "-c", RECEIVER, sock.toString(),
                dir.resolve(name + ".received").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".receiver.out").toFile()).start());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sock));
        return sock;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private BotLog bot(int port, Map<String, String> env, String... options) throws IOException {
        Path events = dir.resolve("bot-" + port + ".events");
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-S", "-u", Path.of("bot/bench_bot.py")
                .toString(), "--port", Integer.toString(port), "--events", events.toString()));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bot-" + port + ".out").toFile());
        pb.environment().remove("WATCHDOG_PID");
        pb.environment().remove("WATCHDOG_USEC");
        pb.environment().putAll(env);
        started.add(pb.start());
        return new BotLog(events);
    }

    @Test
    void beatsEveryHalfWatchdogUsecUntilAHangAndStampsTheLastOne() throws IOException {
        assumeTrue(Files.isExecutable(PYTHON), "needs Debian's /usr/bin/python3, as the bench does");
        Path sock = receiver();
        int port = freePort();
        BotLog log = bot(port, Map.of("NOTIFY_SOCKET", sock.toString(), "WATCHDOG_USEC",
                Long.toString(WATCHDOG_USEC)));
        await().atMost(Duration.ofSeconds(10)).until(() -> beats().size() >= 5);

        List<Received> all = received();
        assertThat(all.get(0).message()).isEqualTo("READY=1");
        assertThat(log.find(l -> l.kind().equals("READY")).orElseThrow().num("notify_beat_ms")).isEqualTo(100);
        List<Long> gaps = new ArrayList<>();
        List<Received> beats = beats();
        for (int i = 1; i < beats.size(); i++) {
            gaps.add(beats.get(i).atMs() - beats.get(i - 1).atMs());
        }
        // A beat is never early (the loop waits out the period); a loaded host may make one late.
        assertThat(Stats.median(gaps)).isBetween(90.0, 200.0);

        assertThat(Http.get(port, "/fault/hang", 2000).ok()).isTrue();
        BotLog.Line fault = log.await(l -> l.kind().equals("FAULT") && "hang".equals(l.name()), 5000).orElseThrow();
        long lastBeat = fault.num("last_beat_ms");
        assertThat(lastBeat).isPositive().isLessThanOrEqualTo(fault.at());
        // No beat after the hang: five beat periods with nothing new (a negative needs a wait; this one is bounded).
        int before = beats().size();
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        List<Received> after = beats();
        assertThat(after).hasSize(before);
        Received last = after.get(after.size() - 1);
        assertThat(last.atMs() - lastBeat).isBetween(-5L, 50L);
        // The bot's loop still runs (it answers /stats): the beats stopped with the hang, not with the process.
        assertThat(Http.get(port, "/stats", 2000).ok()).isTrue();
    }

    @Test
    void aDeadlineMeantForAnotherPidIsNotItsOwnButBeatMsIs() throws IOException {
        assumeTrue(Files.isExecutable(PYTHON), "needs Debian's /usr/bin/python3, as the bench does");
        // sd_watchdog_enabled(3): WATCHDOG_USEC applies only to the process WATCHDOG_PID names.
        Map<String, String> othersDeadline = Map.of("NOTIFY_SOCKET", receiver("other").toString(), "WATCHDOG_USEC",
                Long.toString(WATCHDOG_USEC), "WATCHDOG_PID", "1");
        BotLog readyOnly = bot(freePort(), othersDeadline);
        await().atMost(Duration.ofSeconds(10)).until(() -> !received("other").isEmpty()
                && readyOnly.find(l -> l.kind().equals("READY")).isPresent());
        assertThat(received("other")).extracting(Received::message).containsExactly("READY=1");
        // READY=1 goes out before the READY line, which says no beat is planned (so none can follow).
        assertThat(readyOnly.find(l -> l.kind().equals("READY")).orElseThrow().num("notify_beat_ms")).isZero();

        Map<String, String> explicit = Map.of("NOTIFY_SOCKET", receiver("explicit").toString(), "WATCHDOG_USEC",
                Long.toString(WATCHDOG_USEC), "WATCHDOG_PID", "1");
        BotLog beating = bot(freePort(), explicit, "--beat-ms", "50");
        await().atMost(Duration.ofSeconds(10)).until(() -> received("explicit").stream()
                .filter(r -> r.message().equals("WATCHDOG=1")).count() >= 3);
        assertThat(beating.find(l -> l.kind().equals("READY")).orElseThrow().num("notify_beat_ms")).isEqualTo(50);
    }
}
