package io.ultrawatch.watchdog.model;

/** The signals a bot may be stopped or reloaded with, with their Linux numbers. */
public enum Signal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** "SIGTERM", as people write it in logs. */
    public String displayName() {
        return "SIG" + name();
    }
}
