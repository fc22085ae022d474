/**
 * Writing a file so that no reader ever sees it half written (temp file, fsync, rename), and keeping the watchdog's
 * folders and files its user's alone (0700, 0600). A leaf: imports nothing of the watchdog, so any package may use it.
 */
package io.ultrawatch.watchdog.files;
