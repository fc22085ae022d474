package io.ultrawatch.demobot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Run-time control: polls a file for fault specs, one a line ({@code #} starts a comment), consumes it and hands
 * each spec on. Polls from the timer thread, not the main loop, so it still works after {@code hang-main}.
 *
 * <p>The file is claimed by renaming it before reading, so a spec written after the claim lands in a new file and
 * is not lost. The race that remains: a writer still writing when the claim happens. An empty file is left alone
 * (a shell's {@code echo crash > file} creates it empty before writing), and one write of a short line is seen
 * whole, so single specs are safe; write longer content to a temporary file and rename it into place.
 */
final class ControlFileWatcher {

    static final long POLL_MILLIS = 100;

    private final Path file;
    private final Path claimed;
    private final Consumer<FaultSpec> onSpec;
    private final BotLog log;

    ControlFileWatcher(Path file, Consumer<FaultSpec> onSpec, BotLog log) {
        this.file = file;
        this.claimed = file.resolveSibling(file.getFileName() + ".claimed");
        this.onSpec = onSpec;
        this.log = log;
    }

    void start(ScheduledExecutorService timer) {
        timer.scheduleWithFixedDelay(this::pollOnce, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One poll: consumes the file if it holds anything. Never throws, since that would end the polling. */
    void pollOnce() {
        List<String> lines;
        try {
            if (Files.size(file) == 0) {
                return;
            }
            Files.move(file, claimed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            lines = Files.readAllLines(claimed, StandardCharsets.UTF_8);
            Files.deleteIfExists(claimed);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | RuntimeException e) {
            log.info("control file " + file + ": cannot read it: " + e);
            return;
        }
        parse(lines, "control file " + file, log).forEach(spec -> {
            log.info("control file " + file + ": " + spec);
            onSpec.accept(spec);
        });
    }

    /** The specs of a file's lines; blank lines and {@code #} comments are skipped, bad lines logged and skipped. */
    static List<FaultSpec> parse(List<String> lines, String source, BotLog log) {
        List<FaultSpec> specs = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                specs.add(FaultSpec.parse(line));
            } catch (IllegalArgumentException e) {
                log.info(source + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return specs;
    }
}
