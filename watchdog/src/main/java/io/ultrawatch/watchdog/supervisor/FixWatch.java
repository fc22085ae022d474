package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Watches what a bot in WAITING_FOR_FIX waits for: its env file and the paths of {@code restart.wait_for_fix_watch}
 * (a folder counts with what is in it). Every {@link #INTERVAL} it compares their sizes and modification times with
 * what they were when the wait began, and reports the first change, so a fixed token starts the bot within about a
 * second. Polling, not inotify: a handful of stat calls a second for a bot that is down anyway, and it works on every
 * file system, including a token file that an editor replaces by rename. On the supervisor's actor only.
 */
final class FixWatch {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** A watched folder is looked at this deep and this wide at most: a code folder, not a whole disk. */
    private static final int MAX_DEPTH = 4;
    private static final int MAX_ENTRIES = 2000;

    private final Supplier<BotConfig> config;
    private final Scheduler time;
    private final Executor actor;
    private final Sink sink;
    private PeriodicTask polls;
    private List<String> before;

    FixWatch(Supplier<BotConfig> config, Scheduler time, Executor actor, Sink sink) {
        this.config = config;
        this.time = time;
        this.actor = actor;
        this.sink = sink;
    }

    void start() {
        cancel();
        before = signature();
        polls = new PeriodicTask(time, actor, this::poll);
        polls.next(INTERVAL);
    }

    void cancel() {
        if (polls != null) {
            polls.cancel();
        }
    }

    /** What the wait ends on, for the event a person reads. */
    List<Path> watched() {
        List<Path> paths = new ArrayList<>();
        BotConfig b = config.get();
        if (b.envFile() != null) {
            paths.add(b.envFile());
        }
        paths.addAll(b.restart().waitForFixWatch());
        return paths;
    }

    private void poll() {
        List<String> now = signature();
        if (!now.equals(before)) {
            sink.input(new Input.InputsChanged(changed(before, now)));
            return;
        }
        polls.next(INTERVAL);
    }

    private static String changed(List<String> before, List<String> now) {
        for (int i = 0; i < now.size(); i++) {
            if (i >= before.size() || !Objects.equals(before.get(i), now.get(i))) {
                String line = now.get(i);
                return line.substring(0, line.lastIndexOf(' '));
            }
        }
        return "a watched path";
    }

    /** One line per path (and per file of a watched folder): "path size:mtime", or "path -" when missing. */
    private List<String> signature() {
        List<String> lines = new ArrayList<>();
        for (Path p : watched()) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p, MAX_DEPTH)) {
                    walk.limit(MAX_ENTRIES).sorted().forEach(f -> lines.add(stat(f)));
                } catch (IOException | RuntimeException e) {
                    lines.add(p + " ?");
                }
            } else {
                lines.add(stat(p));
            }
        }
        return lines;
    }

    private static String stat(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return p + " " + a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return p + " -";
        }
    }
}
