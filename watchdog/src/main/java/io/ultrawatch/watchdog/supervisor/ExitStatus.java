package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.Signal;

/** How a process's exit reads in events: "1", or "137 (SIGKILL)" for a death by signal. */
final class ExitStatus {
    private ExitStatus() {
    }

    /** "137 (SIGKILL)" for a death by signal, as Java reports it (128 + signal number); else the code. */
    static String describe(int code) {
        if (code > 128) {
            for (Signal s : Signal.values()) {
                if (s.number() == code - 128) {
                    return code + " (" + s.displayName() + ")";
                }
            }
        }
        return Integer.toString(code);
    }
}
