package io.ultrawatch.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The current user's real crontab, read and written with crontab(1) as bytes (so "byte for byte" means it). */
final class Crontab {
    private Crontab() {
    }

    /** The crontab's bytes, or null when the user has none. */
    static byte[] read() throws IOException, InterruptedException {
        Path out = Files.createTempFile("crontab", ".out");
        Path err = Files.createTempFile("crontab", ".err");
        try {
            int exit = run(new ProcessBuilder("crontab", "-l").redirectOutput(out.toFile()).redirectError(err.toFile()));
            if (exit == 0) {
                return Files.readAllBytes(out);
            }
            String why = Files.readString(err, StandardCharsets.UTF_8);
            if (why.toLowerCase(java.util.Locale.ROOT).contains("no crontab")) {
                return null;
            }
            throw new IOException("crontab -l exited " + exit + ": " + why);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String readString() throws IOException, InterruptedException {
        byte[] b = read();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Installs exactly these bytes, or removes the crontab when {@code content} is null. */
    static void write(byte[] content) throws IOException, InterruptedException {
        if (content == null) {
            // Exit 1 with "no crontab" when there is none already: the wanted state either way.
            run(new ProcessBuilder("crontab", "-r").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD));
            return;
        }
        Path file = Files.createTempFile("crontab", ".new");
        try {
            Files.write(file, content);
            Path err = Files.createTempFile("crontab", ".err");
            int exit = run(new ProcessBuilder("crontab", file.toString()).redirectErrorStream(true)
                    .redirectOutput(err.toFile()));
            String why = Files.readString(err);
            Files.deleteIfExists(err);
            if (exit != 0) {
                throw new IOException("crontab " + file + " exited " + exit + ": " + why);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void write(String content) throws IOException, InterruptedException {
        write(content == null ? null : content.getBytes(StandardCharsets.UTF_8));
    }

    private static int run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("crontab did not finish within 30 s: " + pb.command());
        }
        return p.exitValue();
    }
}
