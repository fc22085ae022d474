/**
 * The command line ({@code ultrawatch run|status|restart|stop|start|reload|events|logs|check-config|version|export}): picocli
 * commands, exit codes, the lock and signal handling around a running watchdog, and the HTTP client the commands use
 * to reach it. The top of the module: it may import any package, and no package imports it. {@code run} leaves the
 * wiring to {@link io.ultrawatch.watchdog.Assembly}.
 */
package io.ultrawatch.watchdog.cli;
