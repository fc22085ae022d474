/**
 * {@code GET /health} for a JVM bot, JDK only.
 *
 * <p>The public surface is {@link io.ultrawatch.health.HealthEndpoint} (with its builder),
 * {@link io.ultrawatch.health.HealthCheck} and {@link io.ultrawatch.health.CheckResult}; everything else in this
 * package is package-private implementation.
 */
package io.ultrawatch.health;
