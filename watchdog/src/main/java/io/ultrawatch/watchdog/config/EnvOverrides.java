package io.ultrawatch.watchdog.config;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment variables that override every bot's settings after the file, under the names users already
 * know. A variable that is unset or blank does not override anything (shell
 * scripts and compose files often export empty ones). These four values are not secrets and are quoted in
 * messages.
 *
 * @param checkInterval {@code CHECK_INTERVAL} for {@code health.interval}, or null
 * @param backoffBase {@code RESTART_COOLDOWN_BASE} for {@code restart.backoff_base}, or null
 * @param backoffMax {@code MAX_RESTART_COOLDOWN} for {@code restart.backoff_max}, or null
 * @param maxMemoryMb {@code MAX_MEMORY_MB} for {@code memory.max_mb}, or null
 */
record EnvOverrides(Duration checkInterval, Duration backoffBase, Duration backoffMax, Long maxMemoryMb) {
    static final String CHECK_INTERVAL = "CHECK_INTERVAL";
    static final String RESTART_COOLDOWN_BASE = "RESTART_COOLDOWN_BASE";
    static final String MAX_RESTART_COOLDOWN = "MAX_RESTART_COOLDOWN";
    static final String MAX_MEMORY_MB = "MAX_MEMORY_MB";
    static final String PREFIX = "environment: ";

    private static final Pattern WHOLE = Pattern.compile("\\s*[-+]?\\d{1,18}\\s*");

    /** Reads and range-checks the four variables; each invalid one is reported and then ignored. */
    static EnvOverrides read(Map<String, String> env, Problems problems) {
        Duration interval = duration(env, CHECK_INTERVAL, ConfigLoader.MIN_INTERVAL, problems);
        Duration base = duration(env, RESTART_COOLDOWN_BASE, Duration.ZERO, problems);
        Duration max = duration(env, MAX_RESTART_COOLDOWN, Duration.ZERO, problems);
        if (base != null && max != null && max.compareTo(base) < 0) {
            problems.add(PREFIX + MAX_RESTART_COOLDOWN + " must be at least " + RESTART_COOLDOWN_BASE + " ("
                    + Durations.format(base) + "), but was " + Durations.format(max));
        }
        Long memory = null;
        String text = value(env, MAX_MEMORY_MB);
        if (text != null) {
            if (!WHOLE.matcher(text).matches()) {
                problems.add(PREFIX + MAX_MEMORY_MB + " must be a whole number of MB, but was '" + text + "'");
            } else {
                long mb = Long.parseLong(text.strip());
                if (mb != 0 && mb < ConfigLoader.MIN_MEMORY_MB) {
                    problems.add(PREFIX + MAX_MEMORY_MB + " " + ConfigLoader.MEMORY_RULE + ", but was " + mb);
                } else {
                    memory = mb;
                }
            }
        }
        return new EnvOverrides(interval, base, max, memory);
    }

    private static Duration duration(Map<String, String> env, String name, Duration min, Problems problems) {
        String text = value(env, name);
        if (text == null) {
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + name + " " + Durations.RULE + ", but was '" + text + "'");
            return null;
        }
        if (d.compareTo(min) < 0) {
            problems.add(PREFIX + name + " must be at least " + Durations.format(min) + ", but was "
                    + Durations.format(d));
            return null;
        }
        return d;
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
