/**
 * A bot-shaped program that embeds {@code health-endpoint} and can be told to fail in every way a real bot does:
 * crash, hang, leak, boot slowly, ignore SIGTERM, leave a child behind, ask for its own restart. The watchdog's
 * tests and benchmark supervise it. Entry point: {@link io.ultrawatch.demobot.DemoBot}.
 */
package io.ultrawatch.demobot;
