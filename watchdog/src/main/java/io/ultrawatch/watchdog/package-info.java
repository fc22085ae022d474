/**
 * The watchdog JVM, assembled: {@link io.ultrawatch.watchdog.Watchdog} (one supervisor per bot, the status file, the
 * tick, config reloads) and {@link io.ultrawatch.watchdog.Assembly}, the one place that builds the running watchdog
 * from its config and closes it in order. May import every package of the watchdog except {@code cli}; only
 * {@code cli} imports it.
 */
package io.ultrawatch.watchdog;
