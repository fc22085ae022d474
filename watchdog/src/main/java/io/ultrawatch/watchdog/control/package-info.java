/**
 * The control server: dashboard, JSON API, {@code /metrics} and {@code /healthz} on the JDK HTTP server, with the
 * Host/Origin/token guard, the restart rate limiter, the dashboard's static files and the route table. It sees the
 * watchdog only through its small interfaces ({@link io.ultrawatch.watchdog.control.BotControl},
 * {@link io.ultrawatch.watchdog.control.StatusReader}, {@link io.ultrawatch.watchdog.control.ConfigReload}). May import
 * {@code controlfile}, {@code history}, {@code eventlog}, {@code status}, the supervisor's {@code BotSnapshot} and
 * the lower packages; only the assembly imports it.
 */
package io.ultrawatch.watchdog.control;
