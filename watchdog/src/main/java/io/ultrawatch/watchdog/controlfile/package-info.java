/**
 * The two files in {@code status/} through which a client finds and authenticates to the running watchdog:
 * {@code control.token} (the bearer token, mode 0600) and {@code control.json} (where the control server listens).
 * Shared by the server and the CLI, so the CLI needs no part of the server. Imports only {@code json} and
 * {@code files}.
 */
package io.ultrawatch.watchdog.controlfile;
