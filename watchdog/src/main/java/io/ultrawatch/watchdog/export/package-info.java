/**
 * A way out of ultrawatch: the config rewritten for systemd user units ({@code ultrawatch export systemd}) or for
 * Kubernetes Deployments ({@code ultrawatch export kubernetes}). Pure functions from a loaded config to file texts:
 * no I/O, no clock, nothing started. Secrets stay out: an env file becomes a reference ({@code EnvironmentFile=}, a
 * Secret), and {@code env:} values are written only when asked. What has no equivalent is said in a comment of the
 * output and in the README's "Outgrowing one box". Imports only {@code config} and {@code model}.
 */
package io.ultrawatch.watchdog.export;
