/**
 * Writing and reading JSON (Jackson underneath) for the status file, events, the API and the control files. A leaf:
 * imports nothing of the watchdog.
 */
package io.ultrawatch.watchdog.json;
