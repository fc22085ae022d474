/**
 * Writing a file so that no reader ever sees it half written (temp file, fsync, rename). A leaf: imports nothing of
 * the watchdog, so any package may use it.
 */
package io.ultrawatch.watchdog.files;
