/**
 * systemd's notification protocol ({@code sd_notify(3)}) without systemd: one Unix datagram socket per bot, given to
 * it in {@code NOTIFY_SOCKET}, and one receive loop for all of them. Owns the sockets, the JNA binding they need and
 * the parsing of {@code KEY=VALUE} datagrams; what a message means for a bot is the supervisor's. Imports only the
 * foundation ({@code time}, {@code files}).
 */
package io.ultrawatch.watchdog.sdnotify;
