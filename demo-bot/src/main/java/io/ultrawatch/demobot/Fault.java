package io.ultrawatch.demobot;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every fault the demo bot can inject, by the name used in a {@code --fault} spec. */
enum Fault {
    CRASH("crash", "[:CODE]", "Runtime.halt(CODE), default 1; shutdown hooks do not run"),
    HANG_HTTP("hang-http", "", "/health accepts connections but never answers"),
    HANG_MAIN("hang-main", "", "the main loop stops beating; /health turns 503 after the heartbeat max age"),
    LEAK("leak", "[:MB_PER_SEC]", "resident memory grows MB_PER_SEC (default 20) every second"),
    SLOW_BOOT("slow-boot", ":SECONDS", "wait that long before starting the health endpoint (at start only)"),
    IGNORE_TERM("ignore-term", "", "SIGTERM no longer ends the process; SIGKILL still does"),
    SPAWN_CHILD("spawn-child", "", "start a grandchild 'sleep 100000' that outlives the bot"),
    REQUEST_RESTART("request-restart", "", "write the restart flag file, then exit 0"),
    UNHEALTHY("unhealthy", "", "the 'bot' check turns DOWN, so /health answers 503"),
    HEAL("heal", "", "clear unhealthy, hang-http and hang-main");

    private final String specName;
    private final String argSyntax;
    private final String summary;

    Fault(String specName, String argSyntax, String summary) {
        this.specName = specName;
        this.argSyntax = argSyntax;
        this.summary = summary;
    }

    /** The name used in specs and in {@code FAULT <name> applied} lines. */
    String specName() {
        return specName;
    }

    static Optional<Fault> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.specName.equals(name)).findFirst();
    }

    /** {@code crash, hang-http, ...}: for error messages. */
    static String knownNames() {
        return Arrays.stream(values()).map(Fault::specName).collect(Collectors.joining(", "));
    }

    /** One line per fault, for {@code --help}. */
    static String describeAll() {
        return Arrays.stream(values())
                .map(f -> String.format("  %-28s %s%n", f.specName + f.argSyntax, f.summary))
                .collect(Collectors.joining());
    }
}
