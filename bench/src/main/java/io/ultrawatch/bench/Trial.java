package io.ultrawatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** One tool supervising one bench bot, from a fresh start to a clean-up by pid. */
final class Trial implements AutoCloseable {
    /** Polling period of the recovery check (the issue asks for at most 20 ms). */
    static final int POLL_MS = 5;
    /** How long a stuck request to a hung bot is given before the next poll. */
    static final int POLL_TIMEOUT_MS = 100;
    /**
     * The fixed wait after the bot first answers, for the scenarios that do not wait for the tool's own settle time
     * (hang_after_restart, whose fault follows a crash anyway; chaos; idle): long enough for every tool's first check.
     */
    static final int SETTLE_MS = 2500;
    /** How long a tool has to report its settle point (see {@link Tool#settleReferenceMs}). */
    static final long SETTLE_REPORT_LIMIT_MS = 30_000;

    final Tool tool;
    final BotSpec bot;
    final long pid0;
    /** From the first bot's fork to the end of the settle wait (the phase delay comes after it). */
    final long settledAfterStartMs;

    private Trial(Tool tool, BotSpec bot, long pid0, long settledAfterStartMs) {
        this.tool = tool;
        this.bot = bot;
        this.pid0 = pid0;
        this.settledAfterStartMs = settledAfterStartMs;
    }

    /** Starts the tool and waits {@link #SETTLE_MS} after the bot first answers. */
    static Trial start(String toolName, Path dir, Env env, int port, Profile profile) throws IOException {
        return start(toolName, dir, env, port, profile, false);
    }

    /**
     * Starts the tool and waits until it has settled by its own rule ({@link Tool#settle}): for the plain scenarios,
     * whose faults must land where the tool is really watching.
     */
    static Trial startSettled(String toolName, Path dir, Env env, int port, Profile profile) throws IOException {
        return start(toolName, dir, env, port, profile, true);
    }

    private static Trial start(String toolName, Path dir, Env env, int port, Profile profile, boolean toolSettle)
            throws IOException {
        BotSpec bot = new BotSpec("bot", port, dir, dir.resolve("bot.events"), env.botScript());
        Tool tool = Tool.create(toolName, dir, env);
        try {
            tool.start(List.of(bot), profile);
            Http.Answer first = awaitHealthy(port, Set.of(), 30_000);
            if (first == null) {
                throw new IllegalStateException(toolName + " did not bring the bot up within 30 s (see " + dir + ")");
            }
            if (toolSettle) {
                Clock.sleepUntil(settledAt(tool, bot, first.pid(), profile));
            } else {
                Clock.sleepMs(SETTLE_MS);
            }
            Http.Answer settled = awaitHealthy(port, Set.of(), 5_000);
            if (settled == null || settled.pid() != first.pid()) {
                throw new IllegalStateException(toolName + ": the bot did not stay up while settling (see " + dir + ")");
            }
            long fork = bot.log().start(first.pid()).map(l -> l.num("fork_ms")).orElse(-1L);
            return new Trial(tool, bot, first.pid(), fork > 0 ? Clock.nowMs() - fork : -1);
        } catch (IOException | RuntimeException e) {
            tool.close();
            throw e;
        }
    }

    /** Epoch ms at which the tool has settled: its reported reference point plus the settle time. */
    private static long settledAt(Tool tool, BotSpec bot, long pid, Profile profile) throws IOException {
        long end = Clock.nowMs() + SETTLE_REPORT_LIMIT_MS;
        while (true) {
            OptionalLong ref = tool.settleReferenceMs(bot, pid);
            if (ref.isPresent()) {
                return ref.getAsLong() + tool.settle(profile).afterMs();
            }
            if (Clock.nowMs() > end) {
                throw new IllegalStateException(tool.name + " did not report its settle point ("
                        + tool.settle(profile).reference() + ") within " + SETTLE_REPORT_LIMIT_MS / 1000 + " s (see "
                        + tool.dir + ")");
            }
            Clock.sleepMs(20);
        }
    }

    /** First 200 from a pid not in {@code notPids}; null when none within the timeout. */
    static Http.Answer awaitHealthy(int port, Set<Long> notPids, long timeoutMs) {
        long end = Clock.nowMs() + timeoutMs;
        while (Clock.nowMs() < end) {
            long t = Clock.nowMs();
            Http.Answer a = Http.get(port, "/health", POLL_TIMEOUT_MS);
            if (a.ok() && a.pid() > 0 && !notPids.contains(a.pid())) {
                return a;
            }
            Clock.sleepUntil(t + POLL_MS);
        }
        return null;
    }

    /** Injects a fault into the running bot; returns the bot's own stamp of it. */
    BotLog.Line inject(String fault, long pid) {
        Http.Answer a = Http.get(bot.port(), "/fault/" + fault, 1000);
        if (!a.ok() || a.pid() != pid) {
            throw new IllegalStateException("fault " + fault + " was not accepted by pid " + pid + " (answer "
                    + a.status() + " from pid " + a.pid() + ")");
        }
        Optional<BotLog.Line> stamp = bot.log().await(l -> l.kind().equals("FAULT") && fault.equals(l.name())
                && l.pid() == pid, 2000);
        return stamp.orElseThrow(() -> new IllegalStateException("no FAULT " + fault + " stamp from pid " + pid));
    }

    /** How a pid that is gone died, from its own stamps: it logs every SIGTERM; SIGKILL leaves no line. */
    String howDied(long pid) {
        List<BotLog.Line> terms = bot.log().lines().stream()
                .filter(l -> l.kind().equals("TERM") && l.pid() == pid).toList();
        Optional<BotLog.Line> crash = bot.log().find(l -> l.kind().equals("FAULT") && "crash".equals(l.name())
                && l.pid() == pid);
        if (crash.isPresent()) {
            return "exit 1 (crash)";
        }
        if (Procs.alive(pid)) {
            return "still running";
        }
        if (terms.stream().anyMatch(l -> "exit".equals(l.get("action")))) {
            return "exited on SIGTERM";
        }
        if (!terms.isEmpty()) {
            return "SIGKILL after " + terms.size() + " ignored SIGTERM";
        }
        return "SIGKILL (no SIGTERM first)";
    }

    @Override
    public void close() {
        tool.close();
    }
}
