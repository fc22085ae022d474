package io.ultrawatch.watchdog.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OshiMemoryProbeTest {
    private final OshiMemoryProbe probe = new OshiMemoryProbe();
    private final long self = ProcessHandle.current().pid();

    @Test
    void readsTheResidentSetOfALiveProcessInBytes() throws IOException {
        long expected = vmRssBytes();
        long read = probe.rssBytes(List.of(self)).orElseThrow();
        // The JVM's RSS moves while it runs; the two reads are within a few MB, and in bytes (not pages or kB).
        assertTrue(Math.abs(read - expected) < 16L * 1024 * 1024, "statm " + read + " vs VmRSS " + expected);
    }

    @Test
    void sumsTheTreeAndSkipsPidsThatAreGone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            long sleepOnly = probe.rssBytes(List.of(sleeper.pid())).orElseThrow();
            assertTrue(sleepOnly > 0 && sleepOnly < 64L * 1024 * 1024, "sleep RSS " + sleepOnly);
            long one = probe.rssBytes(List.of(self)).orElseThrow();
            long both = probe.rssBytes(List.of(self, sleeper.pid(), deadPid())).orElseThrow();
            long slack = 8L * 1024 * 1024; // the JVM's own RSS moves between the reads
            assertTrue(Math.abs(both - (one + sleepOnly)) < slack, "sum " + both + " vs " + one + " + " + sleepOnly);
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void emptyWhenNoPidCanBeRead() throws Exception {
        assertEquals(OptionalLong.empty(), probe.rssBytes(List.of(deadPid())));
        assertEquals(OptionalLong.empty(), probe.rssBytes(List.of()));
    }

    /** A pid that existed and is gone: a reaped child's. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static long vmRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
