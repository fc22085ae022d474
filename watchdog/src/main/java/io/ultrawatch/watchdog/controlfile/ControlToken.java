package io.ultrawatch.watchdog.controlfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that every state change (and every read of status or events) must present as
 * {@code Authorization: Bearer <token>}: 32 random bytes, base64url, in {@code status/control.token} (mode 0600).
 * Created on the first start and kept across restarts, so the CLI and open dashboards keep working; delete the file
 * and restart the watchdog to rotate it. The token itself is never logged, printed or put in a response.
 *
 * <p>Thread-safe (immutable).
 */
public final class ControlToken {
    public static final String FILE_NAME = "control.token";
    private static final Logger log = LoggerFactory.getLogger(ControlToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final byte[] token;

    private ControlToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the token file, creating it first when there is none (or it is empty). */
    public static ControlToken loadOrCreate(Path statusDir) throws IOException {
        Path file = file(statusDir);
        try {
            String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!existing.isEmpty()) {
                tighten(file);
                return new ControlToken(existing);
            }
        } catch (NoSuchFileException e) {
            // first start: create below
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        write(file, token);
        log.info("Created the control token file {} (mode 0600); the CLI and the dashboard use it", file);
        return new ControlToken(token);
    }

    /** The token as the CLI sends it; the file is readable only by the user the watchdog runs as. */
    public static String read(Path statusDir) throws IOException {
        return Files.readString(file(statusDir), StandardCharsets.UTF_8).strip();
    }

    public static Path file(Path statusDir) {
        return statusDir.resolve(FILE_NAME);
    }

    /** Constant-time comparison, so the time of a refusal says nothing about how much of a guess was right. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates the file with mode 0600 from its first byte (the temp file is created with that mode, never chmod-ed
     * after being written), then renames it into place, so no reader ever sees it partly written or readable by
     * others. Only one watchdog runs (the lock), so nothing else creates it concurrently.
     */
    private static void write(Path file, String token) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling("." + FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A token file someone made readable to others is put back to 0600, and said so. */
    private static void tighten(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            log.warn("{} was readable by others ({}); set it back to 0600. Rotate the token if others may have read"
                    + " it: delete the file and restart the watchdog", file, PosixFilePermissions.toString(perms));
        }
    }

    @Override
    public String toString() {
        return "ControlToken[hidden]";
    }
}
