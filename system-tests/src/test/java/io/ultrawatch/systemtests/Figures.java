package io.ultrawatch.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Measured figures for the release notes (measured, not asserted): printed, and appended to the file the pom names
 * ({@code target/system-test-figures.txt}).
 */
final class Figures {
    private Figures() {
    }

    static synchronized void record(String name, String value) {
        String line = Instant.now() + " " + name + " = " + value;
        System.out.println("FIGURE " + line);
        String file = System.getProperty("ultrawatch.figures");
        if (file == null) {
            return;
        }
        try {
            Path p = Path.of(file);
            Files.createDirectories(p.getParent());
            Files.writeString(p, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot append to " + file + ": " + e);
        }
    }
}
