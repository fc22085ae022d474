package io.ultrawatch.watchdog.process;

import io.ultrawatch.watchdog.model.Signal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** A running bot: the process the watchdog started (or adopted) and everything it spawned. */
public interface BotProcess {
    long pid();

    Instant startedAt();

    /** True when an earlier watchdog started it and this one took it over. */
    boolean adopted();

    /**
     * For an adopted bot: true when it was started with another command than the one configured now (the config
     * changed while no watchdog ran), so it should be restarted with {@code config_changed}. Always false for a bot
     * this watchdog started.
     */
    default boolean commandChanged() {
        return false;
    }

    /** Completes when the bot's main process exits, with its exit code when known (not for adopted bots). */
    CompletableFuture<OptionalInt> onExit();

    /**
     * True once the main process is gone, possibly before {@link #onExit()} completes: an adopted bot is not our
     * child, so its exit is only polled. Lets a failed probe of a bot that already died count as its exit.
     */
    default boolean mainExited() {
        return onExit().isDone();
    }

    /** Sends {@code signal} to the bot's main process only (a reload), if it is still the same process. */
    void signal(Signal signal);

    /** Sends {@code signal} to every live process of the tree, including descendants whose parent already died. */
    void signalTree(Signal signal);

    /** Pids of every live process of the tree (the bot first while it lives). */
    List<Long> treePids();

    /**
     * The bot and its live descendants, found the cheap way, for memory samples taken every few seconds. Unlike
     * {@link #treePids()} it may miss an orphan whose parent died, which only matters when stopping.
     */
    default List<Long> samplePids() {
        return treePids();
    }

    default boolean treeAlive() {
        return !treePids().isEmpty();
    }
}
