package io.ultrawatch.watchdog.export;

/**
 * What an export needs besides the config.
 *
 * @param includeEnv write the values of {@code env:} (secrets) into the output; off by default, when a comment says
 *     they were left out
 * @param javaCommand what a command's first word {@code java} becomes (ultrawatch runs it with its own JVM; a unit
 *     needs an absolute path), e.g. the exporting JVM's {@code java.home/bin/java}
 * @param source the config file named in the header comment, or null for the defaults
 */
public record ExportOptions(boolean includeEnv, String javaCommand, String source) {
}
