package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The bot's own stamps (bench_bot.py writes them): "KIND [name] key=value ...", one line each. */
final class BotLog {
    record Line(String kind, String name, Map<String, String> fields) {
        long pid() {
            return Long.parseLong(fields.getOrDefault("pid", "-1"));
        }

        long at() {
            return Long.parseLong(fields.getOrDefault("at_ms", "-1"));
        }

        long num(String key) {
            return Long.parseLong(fields.getOrDefault(key, "-1"));
        }

        String get(String key) {
            return fields.get(key);
        }
    }

    private final Path file;

    BotLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    List<Line> lines() {
        List<Line> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> raw;
        try {
            raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return out;
        }
        for (String l : raw) {
            String[] parts = l.trim().split(" ");
            if (parts.length == 0 || parts[0].isEmpty()) {
                continue;
            }
            Map<String, String> f = new HashMap<>();
            String name = null;
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) {
                    f.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
                } else if (name == null) {
                    name = parts[i];
                }
            }
            out.add(new Line(parts[0], name, f));
        }
        return out;
    }

    Optional<Line> find(Predicate<Line> p) {
        return lines().stream().filter(p).findFirst();
    }

    /** Waits up to timeoutMs for a matching line. */
    Optional<Line> await(Predicate<Line> p, long timeoutMs) {
        long end = Clock.nowMs() + timeoutMs;
        while (true) {
            Optional<Line> l = find(p);
            if (l.isPresent() || Clock.nowMs() > end) {
                return l;
            }
            Clock.sleepMs(5);
        }
    }

    Optional<Line> start(long pid) {
        return find(l -> l.kind().equals("START") && l.pid() == pid);
    }

    Optional<Line> fault(String name, long pid) {
        return find(l -> l.kind().equals("FAULT") && name.equals(l.name()) && l.pid() == pid);
    }

    /** Every pid the bot log mentions: bots and their children, for the clean-up. */
    List<Long> allPids() {
        List<Long> out = new ArrayList<>();
        for (Line l : lines()) {
            if (l.fields().containsKey("pid")) {
                out.add(l.pid());
            }
            if (l.fields().containsKey("child")) {
                out.add(l.num("child"));
            }
        }
        return out;
    }
}
