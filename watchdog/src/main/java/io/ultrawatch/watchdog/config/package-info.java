/**
 * The configuration: immutable records loaded once from {@code watchdog.yml} (plus environment overrides), validated
 * eagerly with messages that name file, field, rule and value; duration parsing and formatting; the outcome of a
 * reload. Imports only {@code model}: it never depends on a runtime package, so it can be loaded and checked
 * ({@code check-config}) without starting anything.
 */
package io.ultrawatch.watchdog.config;
