package io.ultrawatch.watchdog.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Debian programs some tests drive; a missing one fails the test with how to get it, never skips it. */
final class ExternalTools {
    private ExternalTools() {
    }

    static Path require(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(command + " is not installed (Debian package " + debianPackage + "). Run"
                + " scripts/test.sh, which installs it, or: apt-get install " + debianPackage);
    }
}
