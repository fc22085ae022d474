package io.ultrawatch.watchdog.resource;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import oshi.driver.linux.proc.Auxv;
import oshi.driver.linux.proc.ProcessStat;
import oshi.driver.linux.proc.ProcessStat.PidStatM;

/**
 * Resident memory of a bot's whole tree through OSHI: a leaking grandchild counts against the bot.
 *
 * <p>Reads one small file per pid ({@code /proc/PID/statm}, OSHI's {@link ProcessStat} driver) rather than building
 * an {@code OSProcess}, which reads a dozen /proc files per pid and, on first use, runs {@code uname} and loads udev
 * through JNA. At 200 bots sampled every second that difference was most of the watchdog's CPU.
 */
public final class OshiMemoryProbe implements MemoryProbe {
    private static final long FALLBACK_PAGE_SIZE = 4096;

    private final long pageSize;

    public OshiMemoryProbe() {
        long fromKernel = Auxv.queryAuxv().getOrDefault(Auxv.AT_PAGESZ, 0L);
        this.pageSize = fromKernel > 0 ? fromKernel : FALLBACK_PAGE_SIZE;
    }

    @Override
    public OptionalLong rssBytes(List<Long> pids) {
        long pages = 0;
        boolean any = false;
        for (long pid : pids) {
            Map<PidStatM, Long> statm = ProcessStat.getPidStatM((int) pid); // null once the pid is gone
            Long resident = statm == null ? null : statm.get(PidStatM.RESIDENT);
            if (resident != null) {
                pages += resident;
                any = true;
            }
        }
        return any ? OptionalLong.of(pages * pageSize) : OptionalLong.empty();
    }
}
