/**
 * The shared vocabulary every package may use: bot states, restart reasons, signals, event kinds (a config names them
 * in {@code notify.sinks[].events}). Plain enums with their wire names; imports nothing of the watchdog.
 */
package io.ultrawatch.watchdog.model;
