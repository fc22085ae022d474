package io.ultrawatch.watchdog.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.testing.FakeLauncher;
import io.ultrawatch.watchdog.testing.FakeNotifySockets;
import io.ultrawatch.watchdog.testing.FakeProber;
import io.ultrawatch.watchdog.testing.FakeProcess;
import io.ultrawatch.watchdog.testing.InMemoryStartHistory;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import io.ultrawatch.watchdog.testing.TestBots;
import io.ultrawatch.watchdog.time.Actor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@code health.type: notify} in the state machine, driven by a manual clock: what each {@code sd_notify(3)} message
 * does, and that a missed deadline is acted on at the deadline itself. The socket is in memory here;
 * {@code NotifyReceiverTest} and {@code NotifyBotIT} use real ones.
 */
class NotifySupervisionTest {
    private static final Duration INTERVAL = Duration.ofSeconds(3);

    private final ManualScheduler time = new ManualScheduler();
    private final FakeNotifySockets sockets = new FakeNotifySockets();
    private final FakeLauncher launcher = new FakeLauncher(time.clock());
    private final FakeProber prober = new FakeProber(time);
    private final List<WatchdogEvent> events = new ArrayList<>();
    private final List<BotSnapshot> snapshots = new ArrayList<>();

    private BotSupervisor supervisor(BotConfig config) {
        launcher.onStart = () -> sockets.log.add("spawn " + config.name());
        BotSupervisor.Services services = new BotSupervisor.Services(time, launcher, prober,
                pids -> OptionalLong.of(10L << 20), events::add, snapshots::add, () -> 0.5,
                new InMemoryStartHistory(), sockets);
        return new BotSupervisor(config, new Actor(config.name(), Runnable::run), services);
    }

    private static BotConfig notifyBot(Duration interval) {
        BotConfig demo = TestBots.demo();
        return TestBots.withHealth(demo, HealthConfig.DEFAULTS.withCheck(new HealthCheck.Notify(interval)));
    }

    private BotSnapshot last() {
        return snapshots.get(snapshots.size() - 1);
    }

    private void send(String text) {
        sockets.send("demo", text, launcher.last().pid());
    }

    private BotSupervisor running() {
        BotSupervisor s = supervisor(notifyBot(INTERVAL));
        s.start();
        time.runDue();
        send("READY=1");
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        return s;
    }

    private List<WatchdogEvent> of(EventKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    void theSocketExistsBeforeTheSpawnAndReadyEndsTheStartWithoutAnyProbe() {
        BotSupervisor s = supervisor(notifyBot(INTERVAL));
        s.start();
        time.runDue();
        assertThat(sockets.log).containsExactly("open demo", "spawn demo");
        time.advance(Duration.ofSeconds(30));
        assertThat(last().state()).isEqualTo(BotState.STARTING);
        send("READY=1");
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(prober.probedAtNanos).isEmpty();
    }

    @Test
    void aMissedDeadlineRestartsAtTheDeadlineItself() {
        running();
        for (int i = 0; i < 10; i++) {
            time.advance(Duration.ofSeconds(1));
            send("WATCHDOG=1");
        }
        assertThat(launcher.started).hasSize(1);
        // The last beat was just now: nothing happens one millisecond before the deadline, a restart at it.
        time.advance(INTERVAL.minusMillis(1));
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        time.advance(Duration.ofMillis(1));
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.HEALTH_CHECK_FAILED);
        assertThat(last().lastRestart().detail()).isEqualTo("no WATCHDOG=1 for 3.0 s");
    }

    @Test
    void beatsNeedOneTimerPerDeadlineNotOnePerMessage() {
        running();
        // Ten beats a second for three seconds: the one deadline timer is due at most INTERVAL from now.
        for (int i = 0; i < 30; i++) {
            time.advance(Duration.ofMillis(100));
            send("WATCHDOG=1");
        }
        assertThat(time.nextDelay()).isLessThanOrEqualTo(INTERVAL);
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void watchdogTriggerIsARequestedRestartThatIsNotAFailure() {
        running();
        send("WATCHDOG=trigger");
        launcher.started.get(0).exit(0);
        time.runDue();
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.REQUESTED);
        assertThat(last().lastRestart().detail()).contains("WATCHDOG=trigger");
        assertThat(last().consecutiveFailures()).isZero();
    }

    @Test
    void statusTextIsShownAndGoesWithItsProcess() {
        running();
        send("STATUS=connected to 12 guilds");
        assertThat(last().statusText()).isEqualTo("connected to 12 guilds");
        send("STATUS=\u001b[2Jcleared\tscreen");
        assertThat(last().statusText()).as("no escape sequence reaches a terminal").isEqualTo("?[2Jcleared?screen");
        send("STATUS=" + "x".repeat(300));
        assertThat(last().statusText()).hasSize(NotifyWatch.MAX_STATUS + 1).endsWith("x…");
        launcher.last().exit(1);
        time.runDue();
        assertThat(launcher.started).hasSize(2);
        assertThat(last().statusText()).isNull();
    }

    @Test
    void noReadyWithinTheStartupTimeoutIsAFailedStartAndOneExtensionMovesIt() {
        BotSupervisor s = supervisor(notifyBot(INTERVAL));
        s.start();
        time.runDue();
        time.advance(Duration.ofSeconds(50));
        send("EXTEND_TIMEOUT_USEC=30000000");
        assertThat(of(EventKind.NOTIFY)).singleElement().satisfies(e -> assertThat(e.message()).contains("30s more to start"));
        send("EXTEND_TIMEOUT_USEC=30000000");
        assertThat(of(EventKind.NOTIFY_REFUSED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("extended once already"));
        time.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(last().state()).isEqualTo(BotState.STARTING);
        time.advance(Duration.ofMillis(1));
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.STARTUP_TIMEOUT);
        assertThat(last().lastRestart().detail()).isEqualTo("no READY=1 within 1m and its extension");
    }

    @Test
    void mainPidOutsideTheTreeIsRefusedWithAnEventAndTheOwnPidIsAccepted() {
        running();
        send("MAINPID=1");
        assertThat(of(EventKind.NOTIFY_REFUSED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("MAINPID=1 refused"));
        send("MAINPID=" + launcher.last().pid());
        assertThat(of(EventKind.NOTIFY)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("main pid is now " + launcher.last().pid()));
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
    }

    @Test
    void reloadingAndReadyBracketAReloadWithoutLeavingRunning() {
        running();
        send("RELOADING=1");
        send("READY=1");
        assertThat(of(EventKind.RELOAD)).extracting(WatchdogEvent::message)
                .containsExactly("demo is reloading (RELOADING=1)", "demo reloaded in place (READY=1 after RELOADING=1)");
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void aStoppingBotMayAskOnceForMoreTimeAndTheSocketGoesWithTheStop() {
        BotSupervisor s = running();
        FakeProcess p = launcher.last();
        p.ignoreTerm = true;
        s.stop();
        time.runDue();
        assertThat(last().state()).isEqualTo(BotState.STOPPING);
        send("STOPPING=1\nEXTEND_TIMEOUT_USEC=20000000");
        assertThat(of(EventKind.NOTIFY)).extracting(WatchdogEvent::message)
                .anyMatch(m -> m.contains("20s more to stop")).anyMatch(m -> m.contains("STOPPING=1"));
        time.advance(Duration.ofSeconds(20).minusMillis(1));
        assertThat(p.signals).doesNotContain(io.ultrawatch.watchdog.model.Signal.KILL);
        time.advance(Duration.ofMillis(1));
        assertThat(p.signals).contains(io.ultrawatch.watchdog.model.Signal.KILL);
        assertThat(of(EventKind.KILLED)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("and the extension it asked for"));
        time.advance(Duration.ofSeconds(1));
        assertThat(last().state()).isEqualTo(BotState.STOPPED);
        assertThat(sockets.isOpen("demo")).isFalse();
        assertThat(sockets.log).endsWith("close demo");
    }

    @Test
    void anAdoptedNotifyBotRunsAtOnceAndItsBeatsDecide() {
        launcher.toAdopt = new FakeProcess(777, time.clock().instant(), true);
        BotSupervisor s = supervisor(notifyBot(INTERVAL));
        s.adopt(launcher.toAdopt);
        time.runDue();
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(sockets.isOpen("demo")).isTrue();
        time.advance(INTERVAL.minusMillis(1));
        assertThat(launcher.started).isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(launcher.started).hasSize(1);
        assertThat(last().lastRestart().detail()).startsWith("no WATCHDOG=1 for 3.0 s since the adoption");
    }

    /** The bot was told its deadline in WATCHDOG_USEC at its start: a new one needs a new process. */
    @Test
    void aChangedDeadlineIsAChangedLaunch() {
        BotSupervisor s = running();
        s.applyConfig(notifyBot(Duration.ofSeconds(10)));
        launcher.started.get(0).exit(0);
        time.runDue();
        assertThat(launcher.started).hasSize(2);
        assertThat(last().lastRestart().reason()).isEqualTo(RestartReason.CONFIG_CHANGED);
    }

    @Test
    void withoutAWatchdogIntervalOnlyReadyAndTheExitAreWatched() {
        BotSupervisor s = supervisor(notifyBot(null));
        s.start();
        time.runDue();
        send("READY=1");
        time.advance(Duration.ofMinutes(10));
        assertThat(last().state()).isEqualTo(BotState.RUNNING);
        assertThat(launcher.started).hasSize(1);
    }
}
