package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.eventlog.EventLogReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints events from {@code logs/events.jsonl} directly (no API, no token: it works while the watchdog is down,
 * which is when people look). {@code --follow} then waits for new lines, like {@code tail -f}, and starts over when
 * the file is rotated.
 */
@Command(name = "events", description = "Shows the watchdog's recent events (restarts, probes, starts, stops).")
final class EventsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Option(names = "--bot", paramLabel = "BOT", description = "Only this bot's events.")
    String bot;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only events since then: a duration ago (30m, 6h)"
            + " or a time like 2026-11-23T08:00:00Z.")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "At most this many, the newest (default ${DEFAULT-VALUE}, at most 1000).")
    int limit;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until Ctrl+C.")
    boolean follow;

    @Option(names = "--json", description = "Print each event as its JSON line.")
    boolean json;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant from;
        try {
            from = EventLogReader.parseSince(since, clock.instant());
        } catch (IllegalArgumentException e) {
            err.println("--" + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (limit < 1 || limit > EventLogReader.MAX_LIMIT) {
            err.println("--limit must be from 1 to " + EventLogReader.MAX_LIMIT + ", but was " + limit);
            return ExitCodes.USAGE;
        }
        Path file = target.resolve(err).logDir().resolve("events.jsonl");
        if (!Files.exists(file) && !follow) {
            err.println("No events yet: " + file + " does not exist");
            return 0;
        }
        long position = Files.exists(file) ? Files.size(file) : 0;
        EventLogReader.Result r = new EventLogReader(file).read(new EventLogReader.Query(bot, null, from, limit));
        EventLines lines = new EventLines(json);
        r.events().forEach(e -> lines.print(out, e));
        if (r.truncated()) {
            err.println("(older events not shown: a query reads at most the newest 8 MiB of log; narrow --since or"
                    + " --bot)");
        }
        out.flush();
        if (follow) {
            follow(file, position, lines, out);
        }
        return 0;
    }

    /** Waits on file-system events (no polling sleep), reads what was appended, and returns when interrupted. */
    private void follow(Path file, long position, EventLines lines, PrintWriter out) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try (WatchService watcher = dir.getFileSystem().newWatchService()) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            StringBuilder partial = new StringBuilder();
            while (!Thread.currentThread().isInterrupted()) {
                long size = Files.exists(file) ? Files.size(file) : 0;
                if (size < position) {
                    position = 0;
                    partial.setLength(0);
                }
                if (size > position) {
                    position = readFrom(file, position, size, partial, lines, out);
                    out.flush();
                }
                var key = watcher.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long readFrom(Path file, long position, long size, StringBuilder partial, EventLines lines,
                          PrintWriter out) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - position, 1 << 20));
            int n = ch.read(buf, position);
            if (n <= 0) {
                return position;
            }
            partial.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, nl);
                partial.delete(0, nl + 1);
                lines.printLine(out, line, bot);
            }
            return position + n;
        }
    }
}
