package io.ultrawatch.watchdog.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.EnvBase;
import io.ultrawatch.watchdog.config.HealthConfig;
import io.ultrawatch.watchdog.config.LogConfig;
import io.ultrawatch.watchdog.config.MemoryConfig;
import io.ultrawatch.watchdog.config.RestartConfig;
import io.ultrawatch.watchdog.config.ScheduleConfig;
import io.ultrawatch.watchdog.config.StopConfig;
import io.ultrawatch.watchdog.model.Signal;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher with real processes: what it refuses to start and why, the environment, the cookie, adoption. */
class LocalProcessLauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    private final List<BotProcess> started = new ArrayList<>();

    @AfterEach
    void killEverything() {
        for (BotProcess p : started) {
            p.signalTree(Signal.KILL);
        }
    }

    private LocalProcessLauncher launcher(Map<String, String> ownEnv) {
        return new LocalProcessLauncher(dir.resolve("status"), dir.resolve("logs"), new ManualScheduler(), ownEnv);
    }

    private static BotConfig bot(String name, List<String> command, Path workingDir, Map<String, String> env,
                                 Path envFile, List<String> inherit) {
        return new BotConfig(name, command, workingDir, env, envFile, HealthConfig.DEFAULTS, MemoryConfig.DEFAULTS,
                RestartConfig.DEFAULTS, StopConfig.DEFAULTS, ScheduleConfig.DEFAULTS, null, null, LogConfig.DEFAULTS,
                inherit);
    }

    private BotProcess start(LocalProcessLauncher launcher, BotConfig bot) throws IOException {
        BotProcess p = launcher.start(bot);
        started.add(p);
        return p;
    }

    @Test
    void aMissingWorkingDirIsNamedWithTheBotAndField() {
        Path gone = dir.resolve("gone");
        BotConfig bot = bot("noenv", List.of("sh", "-c", "true"), gone, Map.of(), null, List.of());

        assertThatThrownBy(() -> launcher(Map.of("PATH", "/usr/bin:/bin")).start(bot)).isInstanceOf(IOException.class)
                .hasMessage("working_dir '" + gone + "' of bot 'noenv' does not exist");
    }

    @Test
    void aWorkingDirThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "");
        BotConfig bot = bot("noenv", List.of("sh"), file, Map.of(), null, List.of());

        assertThatThrownBy(() -> launcher(Map.of("PATH", "/bin")).start(bot))
                .hasMessage("working_dir '" + file + "' of bot 'noenv' is not a folder");
    }

    @Test
    void aMissingEnvFileIsNamedWithTheBotAndField() {
        Path envFile = dir.resolve("secrets.env");
        BotConfig bot = bot("noenv", List.of("sh"), dir, Map.of(), envFile, List.of());

        assertThatThrownBy(() -> launcher(Map.of("PATH", "/bin")).start(bot))
                .hasMessage("env_file '" + envFile + "' of bot 'noenv' does not exist");
    }

    @Test
    void aCommandNotOnTheBotsPathIsNamedWithThatPath() {
        BotConfig bot = bot("py", List.of("pyhton3", "bot.py"), dir, Map.of(), null, List.of());

        assertThatThrownBy(() -> launcher(Map.of("PATH", "/usr/bin:/bin")).start(bot))
                .hasMessage("command[0] 'pyhton3' of bot 'py' is not found on the bot's PATH (/usr/bin:/bin)");
    }

    @Test
    void theBotGetsTheRecordedBaseThenEnvThenEnvFileAndNothingOfTheWatchdog() throws Exception {
        Files.createDirectories(dir.resolve("status"));
        Files.writeString(EnvBase.file(dir.resolve("status")), "PATH=/usr/bin:/bin\nLANG=de_DE.UTF-8\nMARK=from-shell\n"
                + "OTHER=not-inherited\n");
        Path envFile = Files.writeString(dir.resolve("bot.env"), "FROM_FILE=1\nLANG=C.UTF-8\n");
        Path out = dir.resolve("env.out");
        Map<String, String> own = new HashMap<>(Map.of("PATH", "/sbin", "CHECK_INTERVAL", "1s",
                "MALLOC_ARENA_MAX", "2", "MARK", "from-watchdog"));
        BotConfig bot = bot("envbot", List.of("sh", "-c", "env > " + out), dir, Map.of("FROM_ENV", "1"), envFile,
                List.of("MARK"));

        BotProcess p = start(launcher(own), bot);
        await().atMost(WAIT).until(() -> p.onExit().isDone());

        Map<String, String> seen = parse(Files.readAllLines(out));
        assertThat(seen).containsEntry("PATH", "/usr/bin:/bin").containsEntry("LANG", "C.UTF-8")
                .containsEntry("MARK", "from-shell").containsEntry("FROM_ENV", "1").containsEntry("FROM_FILE", "1")
                .containsKey(BotCookie.NAME)
                .doesNotContainKeys("CHECK_INTERVAL", "MALLOC_ARENA_MAX", "OTHER");
        // Nothing else of the test JVM's environment: only what sh itself adds.
        assertThat(seen.keySet()).isSubsetOf(Set.of("PATH", "LANG", "MARK", "FROM_ENV", "FROM_FILE", BotCookie.NAME,
                "PWD", "SHLVL", "_", "OLDPWD"));
    }

    @Test
    void withoutARecordedBaseTheBotGetsTheSameNamesFromTheWatchdog() throws Exception {
        Path out = dir.resolve("env.out");
        BotConfig bot = bot("envbot", List.of("sh", "-c", "env > " + out), dir, Map.of(), null, List.of());

        BotProcess p = start(launcher(Map.of("PATH", "/usr/bin:/bin", "HOME", "/root", "CHECK_INTERVAL", "1s")), bot);
        await().atMost(WAIT).until(() -> p.onExit().isDone());

        assertThat(parse(Files.readAllLines(out))).containsEntry("PATH", "/usr/bin:/bin").containsEntry("HOME", "/root")
                .doesNotContainKey("CHECK_INTERVAL");
    }

    @Test
    void aDetachedDescendantIsFoundByItsCookieAndStopped() throws Exception {
        String mark = "600.0" + ProcessHandle.current().pid(); // a unique argument to find it by
        BotConfig bot = bot("leaky", List.of("sh", "-c", "setsid -f sleep " + mark + "; exec sleep 600"), dir,
                Map.of(), null, List.of());
        BotProcess p = start(launcher(Map.of("PATH", "/usr/bin:/bin")), bot);
        long leaked = await().atMost(WAIT).until(() -> sleepWith(mark), pid -> pid > 0);
        ProcStat leak = ProcStat.of(leaked).orElseThrow();
        assertThat(leak.session()).as("it left the bot's session").isNotEqualTo(p.pid());

        try {
            assertThat(p.treePids()).contains(p.pid(), leaked);
            p.signalTree(Signal.KILL);
            await().atMost(WAIT).until(() -> sleepWith(mark) < 0 && !p.treeAlive());
        } finally {
            ProcessHandle.of(leaked).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void adoptionKnowsTheCookieAndWhetherTheCommandChanged() throws Exception {
        String mark = "601.0" + ProcessHandle.current().pid();
        BotConfig bot = bot("adoptme", List.of("sh", "-c", "setsid -f sleep " + mark + "; exec sleep 600"), dir,
                Map.of(), null, List.of());
        LocalProcessLauncher launcher = launcher(Map.of("PATH", "/usr/bin:/bin"));
        BotProcess first = start(launcher, bot);
        long leaked = await().atMost(WAIT).until(() -> sleepWith(mark), pid -> pid > 0);
        try {
            assertThat(Files.readString(dir.resolve("status/adoptme.pid")).strip().split(" ")).hasSize(4);

            BotProcess same = launcher.adopt(bot).orElseThrow();
            assertThat(same.adopted()).isTrue();
            assertThat(same.commandChanged()).isFalse();
            assertThat(same.treePids()).as("the adopted bot's detached descendant").contains(leaked);

            BotConfig changed = bot("adoptme", List.of("sh", "-c", "exec sleep 700"), dir, Map.of(), null, List.of());
            assertThat(launcher.adopt(changed).orElseThrow().commandChanged()).isTrue();
        } finally {
            first.signalTree(Signal.KILL);
            ProcessHandle.of(leaked).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The pid of the live {@code sleep <mark>}, or -1. */
    private static long sleepWith(String mark) {
        return ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> a.length == 1
                && a[0].equals(mark)).orElse(false)).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    private static Map<String, String> parse(List<String> lines) {
        Map<String, String> m = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }
}
