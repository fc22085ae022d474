package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.model.BotState;
import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.MemoryConfig;
import io.ultrawatch.watchdog.config.RestartConfig;
import io.ultrawatch.watchdog.config.ScheduleConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.Signal;
import io.ultrawatch.watchdog.testing.FakeLauncher;
import io.ultrawatch.watchdog.testing.FakeNotifySockets;
import io.ultrawatch.watchdog.testing.FakeProber;
import io.ultrawatch.watchdog.testing.FakeProcess;
import io.ultrawatch.watchdog.testing.InMemoryStartHistory;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import io.ultrawatch.watchdog.testing.TestBots;
import io.ultrawatch.watchdog.time.Actor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state machine, driven by a manual clock: every test runs in milliseconds. */
class BotSupervisorTest {
    private final ManualScheduler time = new ManualScheduler();
    private final FakeLauncher launcher = new FakeLauncher(time.clock());
    private final FakeProber prober = new FakeProber(time);
    private final AtomicLong rss = new AtomicLong(100L * 1024 * 1024);
    private final List<Long> sampledAtNanos = new ArrayList<>();
    private final List<WatchdogEvent> events = new ArrayList<>();
    private final List<BotSnapshot> snapshots = new ArrayList<>();
    /** The start budget's record, kept in memory as a status file would keep it. */
    private final InMemoryStartHistory starts = new InMemoryStartHistory();
    /** 0.5 maps to no jitter, so delays are exact. */
    private double randomValue = 0.5;

    private BotSupervisor supervisor(BotConfig config) {
        BotSupervisor.Services services = new BotSupervisor.Services(time, launcher, prober,
                pids -> {
                    sampledAtNanos.add(time.nanoTime());
                    return OptionalLong.of(rss.get());
                }, events::add, snapshots::add, () -> randomValue, starts, new FakeNotifySockets());
        return new BotSupervisor(config, new Actor(config.name(), Runnable::run), services);
    }

    private BotSnapshot last() {
        return snapshots.get(snapshots.size() - 1);
    }

    private BotSupervisor running(BotConfig config) {
        BotSupervisor s = supervisor(config);
        s.start();
        time.runDue();
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        return s;
    }

    private List<EventKind> kinds() {
        return events.stream().map(WatchdogEvent::kind).toList();
    }

    @Test
    void firstHealthyProbeMovesStartingToRunning() {
        prober.mode = FakeProber.Mode.UNHEALTHY;
        BotSupervisor s = supervisor(TestBots.demo());
        s.start();
        time.runDue();
        assertThat(last().state()).isEqualTo(BotState.STARTING);
        assertThat(last().pid()).isEqualTo(100L);

        prober.mode = FakeProber.Mode.HEALTHY;
        time.advance(HealthWatch.STARTUP_PROBE_INTERVAL);
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(events).anyMatch(e -> e.kind() == EventKind.HEALTHY
                && e.message().startsWith("demo is up and running (startup 0.2 s, pid 100)"));
    }

    /** Coalesced timers run up to their slack late; probes and samples must not drift by that much each time. */
    @Test
    void lateTimersDoNotStretchTheProbeOrSampleInterval() {
        time.lateness = Duration.ofMillis(30);
        running(TestBots.demo());
        prober.probedAtNanos.clear();
        sampledAtNanos.clear();
        time.advance(Duration.ofSeconds(60));
        for (List<Long> at : List.of(prober.probedAtNanos, sampledAtNanos)) {
            assertThat(at).hasSizeGreaterThan(10);
            for (int i = 1; i < at.size(); i++) {
                assertThat(at.get(i) - at.get(i - 1)).as("gap %d", i).isEqualTo(Duration.ofSeconds(5).toNanos());
            }
        }
    }

    @Test
    void crashRestartsAtOnceThenWaitsTheBackoff() {
        running(TestBots.demo());
        launcher.last().exit(1);
        // First failure after a stable run: a new process at once, no backoff.
        assertThat(launcher.started).hasSize(2);
        assertThat(last().restartsByReason()).containsEntry(RestartReason.EXITED, 1L);
        assertThat(last().lastRestart().detail()).isEqualTo("exit code 1");

        launcher.last().exit(1);
        assertThat(last().state()).isEqualTo(BotState.BACKOFF);
        assertThat(last().backoffMillis()).isEqualTo(2000);
        assertThat(time.nextDelay()).isEqualTo(Duration.ofSeconds(2));
        time.advance(Duration.ofMillis(1999));
        assertThat(launcher.started).hasSize(2);
        time.advance(Duration.ofMillis(1));
        assertThat(launcher.started).hasSize(3);
    }

    @Test
    void hundredConsecutiveCrashesStillScheduleAStartAtTheCap() {
        supervisor(TestBots.demo()).start();
        time.runDue();
        for (int i = 0; i < 100; i++) {
            launcher.last().exit(1);
            if (last().state() == BotState.BACKOFF) {
                time.advance(Duration.ofMillis(last().backoffMillis()));
            }
        }
        assertThat(launcher.started).hasSize(101);
        launcher.last().exit(1);
        assertThat(last().state()).isEqualTo(BotState.BACKOFF);
        assertThat(last().backoffMillis()).isEqualTo(300_000);
        assertThat(last().crashLooping()).isTrue();
        time.advance(Duration.ofSeconds(300));
        assertThat(launcher.started).hasSize(102);
    }

    @Test
    void failedProbesRestartAfterTheThresholdWithTheLastError() {
        running(TestBots.demo());
        prober.mode = FakeProber.Mode.HUNG;
        time.advance(Duration.ofSeconds(5 + 2));
        assertThat(last().consecutiveProbeFailures()).isEqualTo(1);
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        time.advance(Duration.ofSeconds(10));
        assertThat(launcher.started).hasSize(2);
        assertThat(last().restartsByReason()).containsEntry(RestartReason.HEALTH_CHECK_FAILED, 1L);
        assertThat(events).anyMatch(e -> e.message().equals(
                "Triggering restart of demo: health_check_failed (3 failed probes, last: timeout after 2000 ms)"));
        assertThat(launcher.started.get(0).signals).containsExactly(Signal.TERM);
    }

    @Test
    void botThatGoesSilentRightAfterItsFirstHealthyAnswerIsCaught() {
        BotConfig tight = TestBots.withHealth(TestBots.demo(), new HealthConfig(
                URI.create("http://127.0.0.1:5001/health"), Duration.ofMillis(500), Duration.ofMillis(500), 2,
                Duration.ofSeconds(60)));
        running(tight);
        prober.mode = FakeProber.Mode.HUNG;
        time.advance(Duration.ofMillis(1500));
        assertThat(last().restartsByReason()).containsEntry(RestartReason.HEALTH_CHECK_FAILED, 1L);
    }

    @Test
    void noHealthyAnswerWithinTheStartupTimeoutRestarts() {
        prober.mode = FakeProber.Mode.UNHEALTHY;
        supervisor(TestBots.demo()).start();
        time.advance(Duration.ofSeconds(59));
        assertThat(last().state()).isEqualTo(BotState.STARTING);
        time.advance(Duration.ofSeconds(1));
        assertThat(last().restartsByReason()).containsEntry(RestartReason.STARTUP_TIMEOUT, 1L);
        assertThat(last().lastRestart().detail()).isEqualTo("not healthy within 1m, last probe: HTTP 503");
    }

    @Test
    void memoryOverTheLimitForConsecutiveSamplesRestarts() {
        running(TestBots.withMemory(TestBots.demo(), new MemoryConfig(512, Duration.ofSeconds(5), 3)));
        rss.set(600L * 1024 * 1024);
        time.advance(Duration.ofSeconds(10));
        assertThat(kinds()).contains(EventKind.MEMORY_HIGH).doesNotContain(EventKind.RESTART);
        rss.set(100L * 1024 * 1024);   // one dip resets the count
        time.advance(Duration.ofSeconds(5));
        rss.set(600L * 1024 * 1024);
        time.advance(Duration.ofSeconds(10));
        assertThat(kinds()).doesNotContain(EventKind.RESTART);
        time.advance(Duration.ofSeconds(5));
        assertThat(last().restartsByReason()).containsEntry(RestartReason.MEMORY_LIMIT, 1L);
        assertThat(last().lastRestart().detail()).isEqualTo("RSS 600 MB over the 512 MB limit for 3 samples");
    }

    @Test
    void requestedRestartDoesNotGrowTheBackoff() {
        BotSupervisor s = running(TestBots.demo());
        launcher.last().exit(1);                       // failure 1: immediate
        time.runDue();
        s.restart(RestartReason.REQUESTED, "dashboard");
        assertThat(launcher.started).hasSize(3);       // no wait for a requested restart
        assertThat(last().consecutiveFailures()).isEqualTo(1);
        launcher.last().exit(1);                       // failure 2: the first backoff step, not a larger one
        assertThat(last().backoffMillis()).isEqualTo(2000);
    }

    @Test
    void stableRunResetsTheFailureCount() {
        running(TestBots.demo());
        launcher.last().exit(1);
        time.runDue();
        launcher.last().exit(1);
        time.advance(Duration.ofSeconds(2));
        time.runDue();
        assertThat(last().consecutiveFailures()).isEqualTo(2);
        time.advance(RestartConfig.DEFAULTS.stableAfter().minusMillis(1));
        assertThat(last().consecutiveFailures()).isEqualTo(2);
        time.advance(Duration.ofMillis(1));
        assertThat(last().consecutiveFailures()).isZero();
        int before = launcher.started.size();
        launcher.last().exit(1);
        assertThat(launcher.started).hasSize(before + 1);
    }

    @Test
    void botIgnoringTermIsKilledAfterTheGrace() {
        BotSupervisor s = running(TestBots.demo());
        FakeProcess p = launcher.last();
        p.ignoreTerm = true;
        CompletableFuture<Void> stopped = s.stop();
        assertThat(last().state()).isEqualTo(BotState.STOPPING);
        time.advance(Duration.ofMillis(9999));
        assertThat(p.signals).containsExactly(Signal.TERM);
        time.advance(Duration.ofMillis(1));
        assertThat(p.signals).containsExactly(Signal.TERM, Signal.KILL);
        assertThat(stopped).isDone();
        assertThat(last().state()).isEqualTo(BotState.STOPPED);
        assertThat(launcher.forgotten).isEqualTo(1);
        assertThat(events).anyMatch(e -> e.message().equals("demo stopped (SIGKILL after 10s grace, exited 137 after"
                + " 10.0 s)"));
    }

    @Test
    void treeThatLivesThroughTheFirstSigkillGetsAnotherUntilItIsGone() {
        BotSupervisor s = running(TestBots.demo());
        FakeProcess p = launcher.last();
        p.ignoreTerm = true;
        p.survivesKills = 2;
        CompletableFuture<Void> stopped = s.stop();
        time.advance(Duration.ofSeconds(10));
        assertThat(p.signals).containsExactly(Signal.TERM, Signal.KILL);
        time.advance(StopSequence.KILL_REPEAT);
        assertThat(p.signals).containsExactly(Signal.TERM, Signal.KILL, Signal.KILL);
        assertThat(last().state()).isEqualTo(BotState.STOPPING);
        time.advance(StopSequence.KILL_REPEAT);
        assertThat(p.signals).containsExactly(Signal.TERM, Signal.KILL, Signal.KILL, Signal.KILL);
        assertThat(stopped).isDone();
        assertThat(last().state()).isEqualTo(BotState.STOPPED);
    }

    /**
     * A process in uninterruptible sleep cannot be killed by anyone. After a limit it is named once, and the bot goes on
     * to its next start (it must not stay down for it) while the old process keeps getting SIGKILL until it is gone.
     */
    @Test
    void processThatWillNotDieIsNamedOnceAndTheBotGoesOnWithoutIt() {
        running(TestBots.demo());
        FakeProcess p = launcher.last();
        p.ignoreTerm = true;
        p.survivesKills = Integer.MAX_VALUE;
        prober.mode = FakeProber.Mode.UNHEALTHY;
        time.advance(Duration.ofSeconds(15));                       // 3 failed probes: restart, TERM ignored
        prober.mode = FakeProber.Mode.HEALTHY;
        time.advance(Duration.ofSeconds(10));                       // grace over: SIGKILL, and it lives on
        assertThat(kinds()).contains(EventKind.KILLED).doesNotContain(EventKind.STOP_STUCK);
        assertThat(last().state()).isEqualTo(BotState.STOPPING);
        time.advance(StopSequence.STUCK_AFTER);
        assertThat(events).filteredOn(e -> e.kind() == EventKind.STOP_STUCK).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("pids [100]").contains("going on without them"));
        assertThat(launcher.started).as("the next start").hasSize(2);
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        long kills = p.signals.stream().filter(sig -> sig == Signal.KILL).count();
        time.advance(Duration.ofMinutes(5));
        assertThat(kinds()).filteredOn(k -> k == EventKind.STOP_STUCK).hasSize(1);
        assertThat(p.signals.stream().filter(sig -> sig == Signal.KILL).count()).as("still killed, slower")
                .isBetween(kills + 25, kills + 35);
        p.survivesKills = 0;
        time.advance(StopSequence.STUCK_KILL_REPEAT);
        int signalsAtTheEnd = p.signals.size();
        time.advance(Duration.ofMinutes(5));
        assertThat(p.signals).as("gone at last: no more kills").hasSize(signalsAtTheEnd);
        assertThat(launcher.started).hasSize(2);
    }

    @Test
    void hungBotIgnoringTermGetsTheHealthGraceNotTheShutdownGrace() {
        BotConfig withHealthGrace = TestBots.withHealth(TestBots.demo(), new HealthConfig(
                URI.create("http://127.0.0.1:5001/health"), Duration.ofMillis(500), Duration.ofMillis(500), 2,
                Duration.ofSeconds(60), Duration.ofMillis(300)));
        BotSupervisor s = running(withHealthGrace);
        FakeProcess hung = launcher.last();
        hung.ignoreTerm = true;
        prober.mode = FakeProber.Mode.HUNG;
        time.advance(Duration.ofMillis(1500));
        assertThat(hung.signals).containsExactly(Signal.TERM);
        time.advance(Duration.ofMillis(299));
        assertThat(hung.signals).containsExactly(Signal.TERM);
        time.advance(Duration.ofMillis(1));
        assertThat(hung.signals).containsExactly(Signal.TERM, Signal.KILL);
        assertThat(events).anyMatch(e -> e.kind() == EventKind.KILLED && e.message().contains("within 300ms"));

        // A stop the user asks for still gets the full shutdown grace (stop.grace, 10 s).
        prober.mode = FakeProber.Mode.HEALTHY;
        time.advance(StopSequence.TREE_POLL_INTERVAL.plusSeconds(5));
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        FakeProcess next = launcher.last();
        next.ignoreTerm = true;
        s.stop();
        time.advance(Duration.ofMillis(9999));
        assertThat(next.signals).containsExactly(Signal.TERM);
        time.advance(Duration.ofMillis(1));
        assertThat(next.signals).containsExactly(Signal.TERM, Signal.KILL);
    }

    @Test
    void grandchildLeftByACrashIsStoppedBeforeTheNextStart() {
        running(TestBots.demo());
        FakeProcess p = launcher.last();
        p.lingeringChild = true;
        p.ignoreTerm = true;
        p.exit(1);
        assertThat(launcher.started).hasSize(1);
        assertThat(last().state()).isEqualTo(BotState.STOPPING);
        assertThat(p.signals).containsExactly(Signal.TERM);
        time.advance(Duration.ofSeconds(10));
        assertThat(p.signals).containsExactly(Signal.TERM, Signal.KILL);
        time.advance(StopSequence.TREE_POLL_INTERVAL);
        assertThat(launcher.started).hasSize(2);
    }

    @Test
    void flagFileRestartsTheBotAndIsRemoved(@TempDir Path dir) throws IOException {
        Path flag = dir.resolve(".discord_bot_restart");
        running(TestBots.withFlagFile(TestBots.demo(), flag));
        Files.writeString(flag, "now");
        time.advance(FlagWatch.INTERVAL);
        assertThat(flag).doesNotExist();
        assertThat(last().restartsByReason()).containsEntry(RestartReason.REQUESTED, 1L);
        assertThat(launcher.started).hasSize(2);
    }

    @Test
    void botThatWroteTheFlagAndExitedStartsAgainWithoutBackoff(@TempDir Path dir) throws IOException {
        Path flag = dir.resolve(".discord_bot_restart");
        running(TestBots.withFlagFile(TestBots.demo(), flag));
        launcher.last().exit(1);
        time.runDue();
        launcher.last().exit(1);                       // now in backoff would follow for a failure
        time.advance(Duration.ofSeconds(2));
        int before = launcher.started.size();
        Files.writeString(flag, "please");
        launcher.last().exit(0);
        assertThat(launcher.started).hasSize(before + 1);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.REQUESTED);
        assertThat(last().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void scheduledRestartHappensAfterTheIntervalAndDoesNotGrowTheBackoff() {
        running(TestBots.withSchedule(TestBots.demo(), new ScheduleConfig(Duration.ofSeconds(600), Duration.ZERO)));
        time.advance(Duration.ofSeconds(599));
        assertThat(launcher.started).hasSize(1);
        time.advance(Duration.ofSeconds(1));
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.SCHEDULED);
        assertThat(last().consecutiveFailures()).isZero();
    }

    @Test
    void stopDuringBackoffCancelsTheNextStart() {
        BotSupervisor s = running(TestBots.demo());
        launcher.last().exit(1);
        time.runDue();
        launcher.last().exit(1);
        assertThat(last().state()).isEqualTo(BotState.BACKOFF);
        assertThat(s.stop()).isDone();
        time.advance(Duration.ofMinutes(10));
        assertThat(last().state()).isEqualTo(BotState.STOPPED);
        assertThat(launcher.started).hasSize(2);
    }

    @Test
    void lateProbeAnswerAboutAReplacedProcessIsIgnored() {
        BotConfig tight = TestBots.withHealth(TestBots.demo(), new HealthConfig(
                URI.create("http://127.0.0.1:5001/health"), Duration.ofSeconds(1), Duration.ofSeconds(5), 1,
                Duration.ofSeconds(60)));
        running(tight);
        prober.mode = FakeProber.Mode.HUNG;
        time.advance(Duration.ofSeconds(1));          // a probe of pid 100 is in flight, answer due in 5 s
        launcher.last().exit(1);                       // pid 100 crashes; pid 101 starts
        prober.mode = FakeProber.Mode.HEALTHY;
        time.runDue();
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        time.advance(Duration.ofSeconds(5));           // the stale timeout about pid 100 arrives
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(last().pid()).isEqualTo(101L);
        assertThat(last().restartsTotal()).isEqualTo(1);
    }

    @Test
    void failedStartWaitsTheBackoffAndTriesAgain() {
        launcher.failNextStart = new IOException("env file /x/.env does not exist");
        supervisor(TestBots.demo()).start();
        assertThat(last().state()).isEqualTo(BotState.BACKOFF);
        assertThat(events).anyMatch(e -> e.kind() == EventKind.START_FAILED
                && e.message().equals("Could not start demo: env file /x/.env does not exist"));
        assertThat(last().failedStarts()).as("a bot that cannot even start shows it in a counter").isEqualTo(1);
        time.advance(Duration.ofSeconds(2));
        time.runDue();
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
    }

    @Test
    void adoptedBotIsProbedAndNotStartedAgain() {
        FakeProcess old = new FakeProcess(4242, time.clock().instant().minusSeconds(3600), true);
        BotSupervisor s = supervisor(TestBots.demo());
        s.adopt(old);
        time.runDue();
        assertThat(launcher.started).isEmpty();
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(last().pid()).isEqualTo(4242L);
        assertThat(last().adopted()).isTrue();
        old.exit(1);
        assertThat(launcher.started).hasSize(1);
    }

    /** An adopted bot is not our child: its exit code is unknown, and its exit must not wait for a stop grace. */
    @Test
    void adoptedBotThatExitsWithAnUnknownCodeIsRestartedAtOnce() {
        FakeProcess old = new FakeProcess(4242, time.clock().instant().minusSeconds(3600), true);
        supervisor(TestBots.demo()).adopt(old);
        time.runDue();
        old.exitUnknown();
        assertThat(launcher.started).hasSize(1);
        assertThat(last().lastRestart().detail()).isEqualTo("exited");
        assertThat(old.signals).isEmpty();
    }

    /** The command was changed while no watchdog ran: the bot left running is the old code, so it is replaced. */
    @Test
    void adoptedBotStartedWithAnotherCommandIsReplacedWithConfigChanged() {
        FakeProcess old = new FakeProcess(4242, time.clock().instant().minusSeconds(3600), true);
        old.commandChanged = true;
        supervisor(TestBots.demo()).adopt(old);
        time.runDue();
        assertThat(old.signals).containsExactly(Signal.TERM);
        assertThat(launcher.started).hasSize(1);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.CONFIG_CHANGED);
        assertThat(last().consecutiveFailures()).isZero();
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
    }

    @Test
    void adoptedBotThatDiedBetweenTwoExitPollsRestartsAsExitedNotAsUnhealthy() {
        FakeProcess old = new FakeProcess(4242, time.clock().instant().minusSeconds(3600), true);
        BotSupervisor s = supervisor(TestBots.demo());
        s.adopt(old);
        time.runDue();
        old.diedUnreported = true;
        prober.mode = FakeProber.Mode.UNHEALTHY;
        time.advance(Duration.ofSeconds(30));                 // far more failed probes than the threshold
        assertThat(kinds()).doesNotContain(EventKind.STOPPING);
        assertThat(launcher.started).isEmpty();
        old.exit(1);                                          // the exit poll catches up
        assertThat(launcher.started).hasSize(1);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.EXITED);
    }

    private static BotConfig withReloadSignal(BotConfig b, Signal signal) {
        return new BotConfig(b.name(), b.command(), b.workingDir(), b.env(), b.envFile(), b.health(), b.memory(),
                b.restart(), b.stop(), b.schedule(), b.restartFlagFile(), signal, b.log());
    }

    @Test
    void changedCommandRestartsWithConfigChanged() {
        BotSupervisor s = running(TestBots.demo());
        BotConfig b = TestBots.demo();
        s.applyConfig(new BotConfig(b.name(), List.of("java", "-jar", "other.jar"), b.workingDir(), b.env(),
                b.envFile(), b.health(), b.memory(), b.restart(), b.stop(), b.schedule(), b.restartFlagFile(),
                b.reloadSignal(), b.log()));
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.CONFIG_CHANGED);
        assertThat(last().consecutiveFailures()).isZero();
    }

    @Test
    void changedThresholdAppliesWithoutARestart() {
        BotSupervisor s = running(TestBots.demo());
        s.applyConfig(TestBots.withHealth(TestBots.demo(), new HealthConfig(
                URI.create("http://127.0.0.1:5001/health"), Duration.ofSeconds(5), Duration.ofSeconds(2), 1,
                Duration.ofSeconds(60))));
        assertThat(launcher.started).hasSize(1);
        prober.mode = FakeProber.Mode.UNHEALTHY;
        time.advance(Duration.ofSeconds(5));
        // One failure is now enough.
        assertThat(last().restartsByReason()).containsEntry(RestartReason.HEALTH_CHECK_FAILED, 1L);
    }

    @Test
    void reloadWithoutASignalStartsAFreshProcess() {
        BotSupervisor s = running(TestBots.demo());
        s.reloadBot();
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().detail()).contains("no reload_signal configured");
    }

    @Test
    void reloadThatBreaksHealthFallsBackToAFreshProcess() {
        BotSupervisor s = running(withReloadSignal(TestBots.demo(), Signal.HUP));
        FakeProcess p = launcher.last();
        s.reloadBot();
        assertThat(p.mainSignals).containsExactly(Signal.HUP);
        prober.mode = FakeProber.Mode.UNHEALTHY;
        time.advance(Duration.ofSeconds(5));
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.REQUESTED);
        assertThat(last().lastRestart().detail()).isEqualTo("reload via SIGHUP left demo unhealthy (HTTP 503): a fresh"
                + " process instead");
    }

    @Test
    void reloadThatKeepsHealthKeepsTheProcess() {
        BotSupervisor s = running(withReloadSignal(TestBots.demo(), Signal.HUP));
        s.reloadBot();
        time.advance(Duration.ofSeconds(30));
        assertThat(launcher.started).hasSize(1);
        assertThat(events).anyMatch(e -> e.message().equals("demo reloaded in place and stayed healthy"));
    }

    // ---- the start budget and the wait for a fix (with the defaults) ----

    /**
     * Discord resets a bot's token after 1000 logins in 24 h. A bot that dies 61 s after every start outlives the
     * old 60 s stable_after each time and was restarted at once, about 1,400 times a day.
     */
    @Test
    void botThatDies61SecondsAfterEveryStartIsHeldAtTheStartBudgetAndToldOnce() {
        supervisor(TestBots.demo()).startWithinBudget();
        time.runDue();
        long end = time.nanoTime() + Duration.ofHours(24).minusSeconds(1).toNanos();
        while (time.nanoTime() < end) {
            FakeProcess p = launcher.last();
            if (!p.exited() && !Duration.between(p.startedAt(), time.clock().instant()).minusSeconds(61).isNegative()) {
                p.exit(1);
            }
            time.advance(Duration.ofSeconds(1));
        }
        int maxStarts = RestartConfig.DEFAULTS.maxStarts();
        assertThat(launcher.started).hasSize(maxStarts);
        assertThat(last().state()).isEqualTo(BotState.HELD);
        assertThat(last().startsInWindow()).isEqualTo(maxStarts);
        assertThat(last().heldUntil()).isEqualTo(launcher.started.get(0).startedAt().plus(Duration.ofHours(24)));
        assertThat(events).filteredOn(e -> e.kind() == EventKind.HELD).singleElement()
                .satisfies(e -> assertThat(e.message())
                        .startsWith("demo is HELD: its start budget is used up (200 starts in 24h"));
        assertThat(kinds()).contains(EventKind.CRASH_LOOPING, EventKind.RECOVERED);

        time.advance(Duration.ofSeconds(2));                        // the first start leaves the window
        assertThat(launcher.started).hasSize(maxStarts + 1);
        assertThat(last().heldUntil()).isNull();
    }

    @Test
    void heldBotStaysHeldAcrossAWatchdogRestartUntilAPersonStartsIt() {
        Instant now = time.clock().instant();
        starts.save("demo", java.util.stream.IntStream.range(0, 200).mapToObj(i -> now.minusSeconds(60L * i))
                .toList());
        BotSupervisor s = supervisor(TestBots.demo());            // a new watchdog, the old one's record
        s.startWithinBudget();
        time.runDue();
        assertThat(launcher.started).isEmpty();
        assertThat(last().state()).isEqualTo(BotState.HELD);

        s.start();                                                  // a person: the CLI, the API, the dashboard
        time.runDue();
        assertThat(launcher.started).hasSize(1);
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(starts.saved.get("demo")).hasSize(200).contains(launcher.last().startedAt());
    }

    @Test
    void botExitingWith78StartsOnceThenAgainWithinTwoSecondsOfItsEnvFileChanging(@TempDir Path dir)
            throws IOException {
        Path env = dir.resolve("secrets.env");
        Files.writeString(env, "DISCORD_TOKEN=revoked\n");
        supervisor(TestBots.withEnvFile(TestBots.demo(), env)).startWithinBudget();
        time.runDue();
        launcher.last().exit(78);                                   // e.g. discord.LoginFailure -> exit_for_fix()
        time.advance(Duration.ofHours(6));
        assertThat(launcher.started).hasSize(1);
        assertThat(last().state()).isEqualTo(BotState.WAITING_FOR_FIX);
        assertThat(events).filteredOn(e -> e.kind() == EventKind.WAITING_FOR_FIX).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("exited with 78").contains(env.toString()));
        assertThat(kinds()).doesNotContain(EventKind.RESTART);

        Files.writeString(env, "DISCORD_TOKEN=a-new-one\n");
        time.advance(Duration.ofSeconds(2));
        assertThat(launcher.started).hasSize(2);
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
    }

    @Test
    void aPersonsStartEndsTheWaitForAFix() {
        BotSupervisor s = supervisor(TestBots.demo());
        s.startWithinBudget();
        time.runDue();
        launcher.last().exit(78);
        assertThat(last().state()).isEqualTo(BotState.WAITING_FOR_FIX);
        s.restart(RestartReason.REQUESTED, "dashboard");
        time.runDue();
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().detail()).isEqualTo("dashboard");
    }

    // ---- health types and degraded ----

    @Test
    void botWithoutAHealthCheckRunsOnceUpForItsStartupGraceAndIsNeverProbed() {
        BotConfig none = TestBots.withHealth(TestBots.demo(), HealthConfig.DEFAULTS.withCheck(
                new HealthCheck.None(Duration.ofSeconds(2))));
        supervisor(none).startWithinBudget();
        time.runDue();
        time.advance(Duration.ofMillis(1999));
        assertThat(last().state()).isEqualTo(BotState.STARTING);
        time.advance(Duration.ofMillis(1));
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        time.advance(Duration.ofHours(1));
        assertThat(prober.probes).isZero();
        assertThat(launcher.started).hasSize(1);
        launcher.last().exit(1);
        assertThat(launcher.started).as("its exit is still seen").hasSize(2);
    }

    @Test
    void aBotThatDiesWithinItsStartupGraceIsNotCalledRunning() {
        BotConfig none = TestBots.withHealth(TestBots.demo(), HealthConfig.DEFAULTS.withCheck(
                new HealthCheck.None(Duration.ofSeconds(2))));
        supervisor(none).startWithinBudget();
        time.runDue();
        launcher.last().exit(1);                       // pid 100 dies; pid 101 starts at once
        time.advance(Duration.ofSeconds(2));
        assertThat(events).filteredOn(e -> e.kind() == EventKind.HEALTHY).extracting(e -> e.details().get("pid"))
                .containsExactly(101L);
    }

    /**
     * A Discord gateway drop is healed by the library's own RESUME; a restart would cost a fresh IDENTIFY. So a bot
     * that answers DEGRADED keeps running for health.degraded_grace (10 min by default), and only then restarts.
     */
    @Test
    void degradedBotKeepsRunningForItsGraceThenRestarts() {
        running(TestBots.demo());
        prober.mode = FakeProber.Mode.DEGRADED;
        time.advance(Duration.ofSeconds(5));
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(last().degradedSince()).isEqualTo(time.clock().instant());
        assertThat(events).filteredOn(e -> e.kind() == EventKind.DEGRADED).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("demo is alive but not ready (HTTP 200, status"
                        + " DEGRADED); restarted if still degraded after 10m"));
        time.advance(Duration.ofMinutes(10).minusSeconds(5));
        assertThat(launcher.started).hasSize(1);
        time.advance(Duration.ofSeconds(5));
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.HEALTH_CHECK_FAILED);
        assertThat(last().lastRestart().detail()).startsWith("degraded for 10m (health.degraded_grace 10m)");
    }

    @Test
    void degradedBotThatRecoversIsReadyAgainAndIsNotRestarted() {
        running(TestBots.demo());
        prober.mode = FakeProber.Mode.DEGRADED;
        time.advance(Duration.ofMinutes(3));
        prober.mode = FakeProber.Mode.HEALTHY;
        time.advance(Duration.ofMinutes(30));
        assertThat(launcher.started).hasSize(1);
        assertThat(last().degradedSince()).isNull();
        assertThat(events).filteredOn(e -> e.kind() == EventKind.READY).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("demo is ready again after 3m degraded"));
    }

    @Test
    void degradedGraceOffNeverRestartsADegradedBot() {
        HealthConfig h = TestBots.demo().health();
        running(TestBots.withHealth(TestBots.demo(), new HealthConfig(h.check(), h.interval(), h.timeout(),
                h.failureThreshold(), h.startupTimeout(), h.stopGrace(), null)));
        prober.mode = FakeProber.Mode.DEGRADED;
        time.advance(Duration.ofDays(2));
        assertThat(launcher.started).hasSize(1);
    }
}
