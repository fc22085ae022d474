package io.ultrawatch.watchdog.resource;

import java.util.List;
import java.util.OptionalLong;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** Resident memory of a bot's whole tree through OSHI: a leaking grandchild counts against the bot. */
public final class OshiMemoryProbe implements MemoryProbe {
    private final OperatingSystem os = new SystemInfo().getOperatingSystem();

    @Override
    public OptionalLong rssBytes(List<Long> pids) {
        long total = 0;
        boolean any = false;
        for (long pid : pids) {
            OSProcess p = os.getProcess((int) pid);
            if (p != null) {
                total += p.getResidentSetSize();
                any = true;
            }
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }
}
