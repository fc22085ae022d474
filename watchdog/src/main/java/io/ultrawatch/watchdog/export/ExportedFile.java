package io.ultrawatch.watchdog.export;

/**
 * One file an export produces.
 *
 * @param name the file name, without a folder ({@code demo.service}, {@code demo.yaml})
 * @param text the whole content, ending with a newline
 */
public record ExportedFile(String name, String text) {
}
