/**
 * Health checks of a bot, by the kind its config names: HTTP (OkHttp, one kept-alive connection per bot), TCP connect,
 * a command (exec), a heartbeat file's age; {@link io.ultrawatch.watchdog.probe.CheckRunner} runs each off the
 * supervisors' threads and answers once with a {@link io.ultrawatch.watchdog.probe.ProbeResult}. Imports
 * {@code config} (what to check) and {@code time}.
 */
package io.ultrawatch.watchdog.probe;
