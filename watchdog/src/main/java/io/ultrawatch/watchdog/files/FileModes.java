package io.ultrawatch.watchdog.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The watchdog's folders ({@code status/}, {@code logs/}) are its user's alone: 0700 folders, 0600 files. Another
 * local user who can open {@code status/watchdog.lock} can hold its {@code flock} and keep every watchdog from
 * starting ({@code flock(2)} works on a read-only descriptor), and the folders hold the control token, pids and the
 * bots' output. Folders and files left wider by an older version or a permissive umask are tightened at start, each
 * with one warning line for the caller to log.
 */
public final class FileModes {
    public static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private FileModes() {
    }

    /** For creating a file 0600 from its first byte (never readable by others, not even for a moment). */
    public static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
        return PosixFilePermissions.asFileAttribute(OWNER_FILE);
    }

    /**
     * Creates {@code dir} (its missing parents under the umask, itself 0700), or sets an existing one to 0700 when
     * others had any access; the warning says so.
     */
    public static Optional<String> privateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created by someone else meanwhile (the start script): tightened below
            }
        }
        return tighten(dir, OWNER_DIR, "folder");
    }

    /**
     * Sets every file directly in {@code dir} that others may read or write to 0600 (folders to 0700). Symbolic links
     * are left alone (their mode means nothing, and they may point outside).
     *
     * @return one warning per file changed
     */
    public static List<String> tightenFilesIn(Path dir) {
        List<String> warnings = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isSymbolicLink(f)) {
                    continue;
                }
                boolean folder = Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS);
                try {
                    tighten(f, folder ? OWNER_DIR : OWNER_FILE, folder ? "folder" : "file").ifPresent(warnings::add);
                } catch (IOException e) {
                    warnings.add("Cannot make " + f + " private to its owner (" + e.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            warnings.add("Cannot list " + dir + " to make its files private (" + e.getMessage() + ")");
        }
        return warnings;
    }

    /** Sets {@code file} to 0600 when others had any access (a file created before under a wider umask). */
    public static Optional<String> privateFile(Path file) throws IOException {
        return tighten(file, OWNER_FILE, "file");
    }

    private static Optional<String> tighten(Path path, Set<PosixFilePermission> mode, String what)
            throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (perms.stream().noneMatch(OTHERS::contains)) {
            return Optional.empty();
        }
        // Others lose everything; the owner keeps what it had (an executable stays executable) plus what it needs.
        Set<PosixFilePermission> kept = EnumSet.copyOf(perms);
        kept.removeAll(OTHERS);
        kept.addAll(mode);
        Files.setPosixFilePermissions(path, kept);
        return Optional.of("The " + what + " " + path + " was " + PosixFilePermissions.toString(perms)
                + ", open to other users; set it to " + PosixFilePermissions.toString(kept) + " (only the watchdog's"
                + " user may use the watchdog's files: another user holding status/watchdog.lock would keep every"
                + " watchdog from starting)");
    }
}
