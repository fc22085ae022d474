/**
 * One supervisor per bot: the state machine and its single-threaded loop (start, probe, sample, restart with
 * backoff, stop), publishing events and {@link io.ultrawatch.watchdog.supervisor.BotSnapshot}s. It may import the
 * packages below it ({@code config}, {@code model}, {@code event}, {@code process}, {@code probe}, {@code resource},
 * {@code policy}, {@code sdnotify}, {@code time}); none of those import it, and the outputs above it
 * ({@code status}, {@code metrics}, {@code history}, {@code control}) use only its {@code BotSnapshot}.
 */
package io.ultrawatch.watchdog.supervisor;
