package io.ultrawatch.watchdog.resource;

import java.util.List;
import java.util.OptionalLong;

/** Reads how much memory a set of processes holds. */
public interface MemoryProbe {
    /** Sum of the resident set sizes of the given pids, in bytes; empty when none could be read. */
    OptionalLong rssBytes(List<Long> pids);
}
