package io.ultrawatch.watchdog.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;

/**
 * Whether a bot's program will run, looked up the way {@code execvp} (and so {@code setsid}) finds it: a name with a
 * {@code /} is a path (relative to the working dir), any other name is searched in the bot's own {@code PATH}. The
 * watchdog's PATH does not matter: after a revival by cron it is not the one the bot gets.
 */
public final class Executables {
    /** A bot command starting with {@code java} runs the watchdog's own JVM, never one found on a PATH. */
    public static final String JAVA = "java";

    private Executables() {
    }

    /**
     * What is wrong with running {@code program}, as the end of a sentence ("is not found on the bot's PATH (...)"),
     * or empty when it will run.
     */
    public static Optional<String> problem(String program, String path, Path workingDir) {
        if (program.equals(JAVA)) {
            return Optional.empty();
        }
        if (program.contains("/")) {
            Path p = workingDir.resolve(program).normalize();
            if (!Files.exists(p)) {
                return Optional.of("does not exist" + (Path.of(program).isAbsolute() ? "" : " (looked for " + p + ")"));
            }
            return notRunnable(p);
        }
        String dirs = path == null ? "" : path;
        Optional<String> found = Optional.of("is not found on the bot's PATH (" + dirs + ")");
        for (String dir : dirs.split(":")) {
            Path p = (dir.isEmpty() ? workingDir : workingDir.resolve(dir)).resolve(program).normalize();
            if (Files.isRegularFile(p)) {
                Optional<String> wrong = notRunnable(p);
                if (wrong.isEmpty()) {
                    return wrong;
                }
                found = Optional.of("is found on the bot's PATH as " + p + ", which " + wrong.get());
            }
        }
        return found;
    }

    private static Optional<String> notRunnable(Path p) {
        if (Files.isDirectory(p)) {
            return Optional.of("is a folder, not a program");
        }
        if (!Files.isExecutable(p)) {
            return Optional.of("is not executable (mode " + mode(p) + "); chmod +x " + p);
        }
        return Optional.empty();
    }

    /** The permission bits in octal, as chmod takes them ("644"), or "unknown". */
    static String mode(Path p) {
        try {
            int bits = 0;
            for (PosixFilePermission perm : Files.getPosixFilePermissions(p)) {
                bits |= 1 << (8 - perm.ordinal()); // the enum lists OWNER_READ ... OTHERS_EXECUTE, high bit first
            }
            return Integer.toOctalString(bits);
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }
}
