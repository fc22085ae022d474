package io.ultrawatch.demobot;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes the process's resident memory grow at a steady rate, the way a leaking bot does.
 *
 * <p>Every 100 ms it allocates its share of 1 MB chunks and writes one byte into every 4 KB page of each, so the
 * memory is really resident (untouched pages would not count in RSS), and keeps every chunk. It grows on the heap
 * first. When the heap is full it frees {@value #HEADROOM_CHUNKS} chunks, so the rest of the bot can still
 * allocate and answer {@code /health}, and carries on with direct buffers (bounded by
 * {@code -XX:MaxDirectMemorySize}, by default the heap size). When those run out too, it stops growing and says so.
 * A watchdog with a memory limit below {@code -Xmx} never gets that far.
 *
 * <p>Runs on its own daemon thread; all state is confined to it.
 */
final class MemoryLeak {

    /**
     * A "megabyte" is 64 bytes short of 1 MiB, so that array and header fit one 1 MiB G1 region: a full 1 MiB array
     * would take two regions and the heap would fill at half of {@code -Xmx}.
     */
    static final int CHUNK_BYTES = (1 << 20) - 64;
    private static final int PAGE_BYTES = 4096;
    private static final long TICK_MILLIS = 100;
    private static final int HEADROOM_CHUNKS = 16;
    private static final int REPORT_EVERY_MB = 50;

    private final int mbPerSecond;
    private final BotLog log;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "leak");
        t.setDaemon(true);
        return t;
    });
    private final List<byte[]> heapChunks = new ArrayList<>();
    private final List<ByteBuffer> directChunks = new ArrayList<>();
    private double owedMb;
    private boolean heapFull;
    private boolean stopped;

    MemoryLeak(int mbPerSecond, BotLog log) {
        this.mbPerSecond = mbPerSecond;
        this.log = log;
    }

    void start() {
        // Fixed rate, not fixed delay: a tick delayed by a GC pause is made up, so the average rate holds.
        thread.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            owedMb += mbPerSecond * TICK_MILLIS / 1000.0;
            while (!stopped && owedMb >= 1) {
                owedMb -= 1;
                stopped = !growOneMb();
            }
        } catch (RuntimeException e) {
            // An exception would silently cancel the schedule; say so instead.
            log.info("leak stopped: " + e);
            stopped = true;
        }
        if (stopped) {
            thread.shutdown();
        }
    }

    private boolean growOneMb() {
        if (!heapFull) {
            try {
                byte[] chunk = new byte[CHUNK_BYTES];
                for (int i = 0; i < CHUNK_BYTES; i += PAGE_BYTES) {
                    chunk[i] = 1;
                }
                heapChunks.add(chunk);
                reportEveryFewMb();
                return true;
            } catch (OutOfMemoryError e) {
                heapFull = true;
                int drop = Math.min(HEADROOM_CHUNKS, heapChunks.size());
                heapChunks.subList(heapChunks.size() - drop, heapChunks.size()).clear();
                log.info("leak: the heap is full at " + heapChunks.size() + " MB; freed " + drop
                        + " MB of headroom, growing with direct buffers from now on");
            }
        }
        try {
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
            for (int i = 0; i < CHUNK_BYTES; i += PAGE_BYTES) {
                chunk.put(i, (byte) 1);
            }
            directChunks.add(chunk);
            reportEveryFewMb();
            return true;
        } catch (OutOfMemoryError e) {
            log.info("leak: direct memory is full too; it stops growing at " + totalMb() + " MB");
            return false;
        }
    }

    private void reportEveryFewMb() {
        if (totalMb() % REPORT_EVERY_MB == 0) {
            log.info("leak holds " + totalMb() + " MB (heap " + heapChunks.size() + ", direct " + directChunks.size()
                    + ")");
        }
    }

    private int totalMb() {
        return heapChunks.size() + directChunks.size();
    }
}
