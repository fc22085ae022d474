/**
 * The shared vocabulary every package may use: bot states, restart reasons, signals. Plain enums with their wire
 * names; imports nothing of the watchdog.
 */
package io.ultrawatch.watchdog.model;
