/**
 * Health checks of a bot: the prober interface, its result, and the HTTP prober (OkHttp, one kept-alive connection
 * per bot, off the supervisors' threads). Imports only {@code time}.
 */
package io.ultrawatch.watchdog.probe;
