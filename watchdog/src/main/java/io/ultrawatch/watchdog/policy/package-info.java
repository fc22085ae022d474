/**
 * Pure restart policy: the capped, jittered backoff as a function of the failure count. No I/O, no clock of its own.
 * Imports only {@code config}.
 */
package io.ultrawatch.watchdog.policy;
