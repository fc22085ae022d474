/**
 * The one time seam: a scheduler with a wall clock for timestamps and a monotonic clock for deadlines, and the
 * actor that runs one bot's tasks one at a time. Nothing else calls {@code System.nanoTime()} or sleeps. Imports
 * nothing of the watchdog.
 */
package io.ultrawatch.watchdog.time;
