package io.ultrawatch.watchdog.control;

import io.ultrawatch.watchdog.config.ReloadResult;

/** Re-reads the config file and applies it, or keeps the running config and says why. Implemented by the watchdog. */
@FunctionalInterface
public interface ConfigReload {
    ReloadResult reload();
}
