/**
 * Bot processes: launching with output straight to files, stopping a whole process tree with a signal then a kill,
 * pid files with start times, adopting a bot an earlier watchdog left running, {@code /proc} reading, and the
 * single-instance lock. Imports {@code config}, {@code model}, {@code time}, {@code files}, {@code log} and
 * {@code sdnotify} (a notify bot's socket path); never the supervisor.
 */
package io.ultrawatch.watchdog.process;
