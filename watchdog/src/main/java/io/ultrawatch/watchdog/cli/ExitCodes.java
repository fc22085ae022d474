package io.ultrawatch.watchdog.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code of {@code ultrawatch}, in one table: the commands return these, {@link Main} maps picocli's usage
 * errors and unexpected exceptions onto them and prints the table in every command's {@code --help}, and the shell
 * scripts follow it (README, "Exit codes").
 *
 * <p>{@code status} answers a question, LSB style ({@code 0, 1, 3, 4}); every other command does something and says
 * whether it worked ({@code 0, 1, 2}, plus the sysexits.h codes for what a caller can act on: fix the config, or
 * wait because another watchdog runs).
 */
public final class ExitCodes {
    /** {@code status}: the watchdog is up and every bot is RUNNING. */
    public static final int STATUS_ALL_RUNNING = 0;
    /** {@code status}: the watchdog is up, but some bot is not RUNNING (starting, backing off, stopped). */
    public static final int STATUS_BOT_NOT_RUNNING = 1;
    /** {@code status}: the watchdog is not running (stopped on purpose, or dead). */
    public static final int STATUS_NOT_RUNNING = 3;
    /** {@code status}: unknown: the watchdog is hung, or its status cannot be read. */
    public static final int STATUS_UNKNOWN = 4;

    /** Any other command: done. */
    public static final int OK = 0;
    /** The action failed or was refused (the reason is printed), e.g. no watchdog to talk to, an unknown bot. */
    public static final int FAILED = 1;
    /** The command line itself is wrong: an unknown option, a missing or malformed argument. */
    public static final int USAGE = 2;
    /** A bug: an exception nobody expected (EX_SOFTWARE). */
    public static final int INTERNAL = 70;
    /** Another watchdog holds the lock (EX_TEMPFAIL: nothing to fix, it is already running). */
    public static final int ANOTHER_WATCHDOG = 75;
    /** The config file is invalid (EX_CONFIG); every error is printed with file, field, value and rule. */
    public static final int CONFIG_INVALID = 78;

    private ExitCodes() {
    }

    /** The table {@code status --help} shows. */
    static Map<String, String> statusTable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(STATUS_ALL_RUNNING), "the watchdog is up and every bot is RUNNING");
        m.put(Integer.toString(STATUS_BOT_NOT_RUNNING), "the watchdog is up, some bot is not RUNNING");
        m.put(Integer.toString(STATUS_NOT_RUNNING), "the watchdog is not running (stopped or dead)");
        m.put(Integer.toString(STATUS_UNKNOWN), "unknown: the watchdog is hung, or its status is unreadable");
        m.put(Integer.toString(USAGE), "usage error");
        return m;
    }

    /** The table every other command's {@code --help} shows. */
    static Map<String, String> commandTable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(OK), "done");
        m.put(Integer.toString(FAILED), "the action failed (the reason is printed)");
        m.put(Integer.toString(USAGE), "usage error");
        m.put(Integer.toString(INTERNAL), "internal error");
        m.put(Integer.toString(ANOTHER_WATCHDOG), "another watchdog is running");
        m.put(Integer.toString(CONFIG_INVALID), "the config is invalid");
        return m;
    }
}
