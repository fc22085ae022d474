/**
 * Resource sampling of a bot: the resident memory of its whole process tree (OSHI). Imports nothing of the
 * watchdog.
 */
package io.ultrawatch.watchdog.resource;
