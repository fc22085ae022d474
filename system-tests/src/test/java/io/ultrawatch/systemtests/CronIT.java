package io.ultrawatch.systemtests;

import static io.ultrawatch.systemtests.UltrawatchRoot.demo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrawatch.systemtests.UltrawatchRoot.Result;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/setup_bot_cron.sh} on the real crontab of the user running the tests (root in CI), and one test with
 * a real cron daemon. The user's crontab is saved before each test (also to {@code target/}, in case the JVM dies)
 * and restored after it, whatever happened; the tests only ever remove their own marker lines.
 */
class CronIT {
    @TempDir
    Path tmp;
    private UltrawatchRoot root;
    private byte[] savedCrontab;
    private Process cronDaemon;
    private String fixture;

    @BeforeEach
    void saveTheRealCrontab() throws Exception {
        savedCrontab = Crontab.read();
        if (savedCrontab != null) {
            String figures = System.getProperty("ultrawatch.figures");
            Path backup = figures != null ? Path.of(figures).resolveSibling("crontab-backup.txt")
                    : tmp.resolve("crontab-backup.txt");
            Files.createDirectories(backup.getParent());
            Files.write(backup, savedCrontab);
        }
        root = UltrawatchRoot.create(tmp);
        // Another user's lines: comments, variables, a blank line, tabs and trailing blanks, a job that never runs
        // (February 31st), and marker lines of other checkouts, one whose folder merely starts like ours.
        fixture = "# the user's own crontab: every byte of it must survive\n"
                + "MAILTO=\"\"\n"
                + "SHELL=/bin/sh\n"
                + "\n"
                + "0 0 31 2 *\t/bin/true   # never runs   \n"
                + "# ultrawatch:" + root.dir + " mentioned in a comment, not as a marker\n"
                + "0 0 31 2 * /bin/true # ultrawatch:/some/other/checkout\n"
                + "0 0 31 2 * /bin/true # ultrawatch:" + root.dir + "-copy\n";
    }

    @AfterEach
    void restoreTheRealCrontab() throws Exception {
        try {
            Crontab.write(savedCrontab);   // first, so no cron run starts anything while we clean up
        } finally {
            try {
                if (cronDaemon != null) {
                    cronDaemon.destroy();
                    if (!cronDaemon.waitFor(10, TimeUnit.SECONDS)) {
                        cronDaemon.destroyForcibly();
                    }
                }
            } finally {
                root.close();
            }
        }
    }

    private String everyLine(int minutes) {
        String schedule = minutes == 1 ? "* * * * *" : "*/" + minutes + " * * * *";
        return schedule + " " + env() + "'" + root.dir + "/cron/ensure_running.sh' --from cron # ultrawatch:" + root.dir
                + "\n";
    }

    private String rebootLine() {
        return "@reboot " + env() + "'" + root.dir + "/cron/ensure_running.sh' --from reboot # ultrawatch:" + root.dir
                + "\n";
    }

    private static String env() {
        String home = UltrawatchRoot.javaHome();
        return "PATH='" + home + "/bin:/usr/local/bin:/usr/bin:/bin' JAVA_HOME='" + home + "' ";
    }

    private Result setup(String... args) {
        return root.run("scripts/setup_bot_cron.sh", Map.of("JAVA_HOME", UltrawatchRoot.javaHome()), args);
    }

    @Test
    void dryRunPrintsTheWholeCrontabItWouldInstallAndChangesNothing() throws Exception {
        Crontab.write(fixture);

        Result r = setup("--dry-run", "--every", "3");

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("Dry run").contains("JAVA_HOME=" + UltrawatchRoot.javaHome())
                .endsWith(fixture + everyLine(3) + rebootLine());
        assertThat(Crontab.readString()).isEqualTo(fixture);
    }

    @Test
    void dryRunWithoutCrontabPrintsTheLinesThenWarnsOnStderr() throws Exception {
        // A machine without the cron package: neither crontab nor a cron daemon on PATH.
        Path bin = pathWithout(Set.of("crontab", "cron", "crond"));

        Result r = root.run("scripts/setup_bot_cron.sh", Map.of("PATH", bin.toString(),
                "JAVA_HOME", UltrawatchRoot.javaHome()), "--dry-run");

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("Dry run").endsWith(everyLine(5) + rebootLine());
        assertThat(r.err()).contains("crontab not found", "apt-get install cron")
                .doesNotContain("nothing was changed");
    }

    @Test
    void installingTwiceKeepsOneCopyAndAnotherEveryReplacesOurLines() throws Exception {
        Crontab.write(fixture);

        Result first = setup();
        Result again = setup();

        assertThat(first.exit()).as("%s", first).isZero();
        assertThat(first.out()).contains("every 5 min").contains("java recorded: JAVA_HOME="
                + UltrawatchRoot.javaHome() + " (from your environment");
        assertThat(again.exit()).as("%s", again).isZero();
        assertThat(again.out()).contains("nothing changed");
        assertThat(Crontab.readString()).isEqualTo(fixture + everyLine(5) + rebootLine());

        Result every10 = setup("--every", "10");

        assertThat(every10.exit()).as("%s", every10).isZero();
        assertThat(Crontab.readString()).isEqualTo(fixture + everyLine(10) + rebootLine());
    }

    @Test
    void removeTakesOutOnlyOurLinesAndLeavesEveryOtherByteAsItWas() throws Exception {
        Crontab.write(fixture);
        assertThat(setup("--every", "2").exit()).isZero();

        Result remove = setup("--remove");
        Result removeAgain = setup("--remove");

        assertThat(remove.exit()).as("%s", remove).isZero();
        assertThat(remove.out()).contains("Removed 2 ultrawatch line(s)");
        assertThat(Crontab.read()).isEqualTo(fixture.getBytes(StandardCharsets.UTF_8));
        assertThat(removeAgain.exit()).isZero();
        assertThat(removeAgain.out()).contains("nothing changed");
    }

    @Test
    void aMissingCrontabIsCreatedAndRemovedAgain() throws Exception {
        Crontab.write((byte[]) null);

        assertThat(setup().exit()).isZero();
        assertThat(Crontab.readString()).isEqualTo(everyLine(5) + rebootLine());

        assertThat(setup("--remove").exit()).isZero();
        assertThat(Crontab.read()).as("no crontab, as before").isNull();
    }

    @Test
    void javaFoundOnPathIsRecordedWhenJavaHomeIsNotSet() throws Exception {
        Crontab.write(fixture);
        String bin = UltrawatchRoot.javaHome() + "/bin";
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", null);
        env.put("PATH", bin + ":/usr/bin:/bin");

        Result r = root.run("scripts/setup_bot_cron.sh", env, "--dry-run");

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("java " + bin + "/java (found on PATH; JAVA_HOME is not set)")
                .contains("PATH='" + bin + ":/usr/local/bin:/usr/bin:/bin' ULTRA_JAVA='" + bin + "/java' '"
                        + root.dir + "/cron/ensure_running.sh' --from cron");
    }

    @Test
    void missingCrontabCommandIsExplainedAndNothingChanges() throws Exception {
        Crontab.write(fixture);
        Path bin = pathWithout(Set.of("crontab", "cron", "crond"));

        Result r = root.run("scripts/setup_bot_cron.sh", Map.of("PATH", bin.toString()), "--every", "1");

        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains("crontab not found").contains("apt-get install cron")
                .contains("nothing was changed");
        assertThat(Crontab.readString()).isEqualTo(fixture);
    }

    @Test
    void everyOutsideOneToFiftyNineIsRefusedAndNothingChanges() throws Exception {
        Crontab.write(fixture);
        for (String bad : List.of("0", "60", "five", "")) {
            Result r = setup("--every", bad);
            assertThat(r.exit()).as("usage error: %s", r).isEqualTo(2);
            assertThat(r.err()).contains("--every must be a whole number of minutes from 1 to 59");
        }
        assertThat(Crontab.readString()).isEqualTo(fixture);
    }

    /**
     * The slow one (cron's granularity is a minute): with a real cron daemon, the installed line runs
     * ensure_running.sh, which starts the watchdog from nothing; then --remove restores the crontab byte for byte.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void realCronRunsEnsureRunningWhichStartsTheSuiteFromNothing() throws Exception {
        Crontab.write(fixture);
        cronDaemon = startCronDaemonUnlessOneRuns();
        awaitCronWouldSeeTheNextChange();

        Instant installed = Instant.now();
        Result install = setup("--every", "1");

        assertThat(install.exit()).as("%s", install).isZero();
        assertThat(install.err()).as("no 'cron not running' warning").doesNotContain("WARNING");
        assertThat(Crontab.readString()).isEqualTo(fixture + everyLine(1) + rebootLine());

        await("cron running ensure_running.sh, which logs a start to auto_restart.log")
                .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                .until(() -> root.autoRestartLog().stream().anyMatch(l -> l.contains("(by cron)")));
        String line = root.autoRestartLog().get(0);
        assertThat(line).contains("watchdog not running: no pid file").contains("started watchdog pid");
        long watchdog = Long.parseLong(line.replaceAll(".*started watchdog pid (\\d+).*", "$1"));
        root.awaitStatus("demo RUNNING under the watchdog cron started", s ->
                s.path("watchdog").path("pid").asLong() == watchdog
                        && "RUNNING".equals(demo(s).path("state").asText()));
        Figures.record("setup_bot_cron.sh --every 1 -> watchdog started by cron (s)",
                Long.toString(Duration.between(installed, Instant.now()).toSeconds()));

        Result remove = setup("--remove");

        assertThat(remove.exit()).as("%s", remove).isZero();
        assertThat(Crontab.read()).isEqualTo(fixture.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Uses the cron daemon that runs, or starts Debian's {@code cron -f} as our child (stopped by pid afterwards).
     * Waits until it has read the crontabs and passed its @reboot step (it creates /run/crond.reboot there), so the
     * line installed next runs on the minute schedule, never as an @reboot job.
     */
    private static Process startCronDaemonUnlessOneRuns() throws IOException {
        if (cronDaemonRuns()) {
            return null;
        }
        String cron = Stream.of("/usr/sbin/cron", "/usr/bin/cron", "/sbin/cron").filter(p -> new File(p).canExecute())
                .findFirst().orElseThrow(() -> new AssertionError("the cron daemon is not installed: apt-get install"
                        + " cron (scripts/test.sh installs it)"));
        Process daemon = new ProcessBuilder(cron, "-f").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await("cron -f (pid " + daemon.pid() + ") ready").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    assertThat(daemon.isAlive()).as("cron -f exited with %s",
                            daemon.isAlive() ? "" : daemon.exitValue()).isTrue();
                    return pidFileNames("/run/crond.pid", daemon.pid()) && Files.exists(Path.of("/run/crond.reboot"));
                });
        return daemon;
    }

    /**
     * cron reloads the crontabs only when the spool folder's mtime differs from the one it saw at its last load, in
     * whole seconds: a crontab installed in the same second as a load (here: the fixture's, just before) is missed
     * until the next change. So the install waits for the clock to pass the second of the last change.
     */
    private static void awaitCronWouldSeeTheNextChange() {
        Path spool = Path.of("/var/spool/cron/crontabs");
        if (!Files.isDirectory(spool)) {
            return;
        }
        await("the clock past the second of the crontab spool's mtime").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Instant.now().getEpochSecond() > Files.getLastModifiedTime(spool).toInstant()
                        .getEpochSecond());
    }

    private static boolean pidFileNames(String file, long pid) {
        try {
            return Files.readString(Path.of(file)).trim().equals(Long.toString(pid));
        } catch (IOException e) {
            return false;
        }
    }

    /** A live (not zombie) process whose name is cron or crond. */
    private static boolean cronDaemonRuns() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .anyMatch(p -> {
                        try {
                            String comm = Files.readString(p.resolve("comm")).trim();
                            return (comm.equals("cron") || comm.equals("crond"))
                                    && Proc.alive(Long.parseLong(p.getFileName().toString()));
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    });
        }
    }

    /** A folder of links to every command of the usual bin folders except {@code missing}: a PATH without them. */
    private Path pathWithout(Set<String> missing) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin-without-cron"));
        for (String dir : List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> commands = Files.list(d)) {
                for (Path c : (Iterable<Path>) commands::iterator) {
                    Path link = bin.resolve(c.getFileName().toString());
                    if (!missing.contains(c.getFileName().toString())
                            && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, c);
                    }
                }
            }
        }
        return bin;
    }
}
