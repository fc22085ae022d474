package io.ultrawatch.health;

/**
 * One named check, registered with {@link HealthEndpoint.Builder#check}. It runs on the endpoint's check
 * executor, never on the caller's thread, under its own timeout.
 *
 * <p>A check that throws, returns {@code null} or exceeds its timeout is reported DOWN. Implementations must be
 * thread-safe with respect to the bot's own threads; the endpoint never runs the same check twice at once.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Returns the current state of whatever this check watches (a gateway connection, a database...). */
    CheckResult check() throws Exception;
}
