package io.ultrawatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one tool is given under a profile, in the terms every tool shares, written next to its generated config in the
 * results so a reader can check that the budgets are the same (or see where a tool cannot follow).
 *
 * @param checkInterval        how often the bot's health is checked
 * @param checkTimeout         how long one check may take
 * @param failuresBeforeAction failed checks in a row before the tool restarts the bot
 * @param memorySampling       how often the bot's memory is read, and samples over the limit before a restart
 * @param stopGrace            what a stop does: SIGTERM, and SIGKILL after how long
 * @param startupAllowance     how long a starting bot is given
 */
record Budget(String checkInterval, String checkTimeout, String failuresBeforeAction, String memorySampling,
              String stopGrace, String startupAllowance) {

    /** Column headers of the budget table, in the order of {@link #toMap()}. */
    static final String[] HEADERS = {"check interval", "check timeout", "failures before action", "memory sampling",
        "stop", "startup allowance"};

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check_interval", checkInterval);
        m.put("check_timeout", checkTimeout);
        m.put("failures_before_action", failuresBeforeAction);
        m.put("memory_sampling", memorySampling);
        m.put("stop_grace", stopGrace);
        m.put("startup_allowance", startupAllowance);
        return m;
    }
}
