package io.ultrawatch.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The harness's command line, with picocli like every other program of the repository: {@code --help} lists every
 * option and its default, a bad value is a usage error (exit 2) that names the option, an unknown option too.
 * Defaults that depend on {@code --quick} are resolved by the accessors; {@link Bench#run} does the work.
 */
@Command(name = "bench/run.sh", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {"The benchmark of issue 6: the same bench bot and the same faults under ultrawatch,"
                + " supervisord and monit.", "",
                "Chaos: without --chaos-gap-s (and without --quick) it runs at two densities one after the other,"
                + " \"stress\" (a fault every 8-20 s) and \"sparse\" (60-120 s), each --chaos-seconds long."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every scenario recovered (slow or missed targets are reported, never failed on)",
                "1:a scenario did not recover at all, or an error in a trial", "2:usage error"})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "REPO", description = "The repository (default: the current folder).")
    Path root = Path.of(".");

    @Option(names = "--quick", description = "CI mode: ultrawatch only, one trial per scenario, one 30 s chaos, results"
            + " into bench/target/quick/.")
    boolean quick;

    @Option(names = "--render", paramLabel = "RESULTS.json",
            description = "Only re-draw the .md and .png of an existing results file.")
    Path render;

    @Option(names = "--trials", paramLabel = "N", description = "Trials per timing scenario and profile (default: 3;"
            + " 1 with --quick), and per health check of notify_hang (default: 10; 1 with --quick).")
    Integer trials;

    @Option(names = "--profile", paramLabel = "same-budget|tightest|both", converter = ProfileChoice.Converter.class,
            description = "Comparison profile (default: both; same-budget with --quick). same-budget: every tool at"
                    + " a 1 s check interval, 1 s timeout, action on the first failed check, memory every 1 s, stop"
                    + " grace 2 s; tightest: as tight as each tool allows (ultrawatch 250 ms probes, monit 1 s cycle"
                    + " for 2 cycles); both: the timing scenarios under each, same-budget first (orphans and chaos"
                    + " run under the first one only).")
    ProfileChoice profile;

    @Option(names = "--tools", paramLabel = "a,b", split = ",", converter = ToolName.class,
            description = "Tools to run, of " + "ultrawatch, supervisord, monit (default: all; ultrawatch with"
                    + " --quick).")
    List<String> tools;

    @Option(names = "--scenarios", paramLabel = "a,b", split = ",", converter = ScenarioName.class,
            description = "Scenarios to run, of crash, hang, hang_after_restart, hardhang, leak, stop_ignoring_term,"
                    + " orphans, idle, idle-busy, scale, scale_notify, notify_hang, watchdog_killed, chaos (default:"
                    + " all; all but idle-busy and scale_notify with --quick). scale: 1, 50 and 200 bots with 1 s HTTP"
                    + " probes (50 with --quick); scale_notify: the same with notify bots beating every 1 s"
                    + " (watchdog_interval 2s); notify_hang (ultrawatch): a hang, notify (watchdog_interval 1s) against"
                    + " http (same-budget: 1s interval, 1s timeout, threshold 1), fault -> restart decision and"
                    + " decision - deadline.")
    List<String> scenarios;

    @Option(names = "--port", paramLabel = "P", description = "First port (default: ${DEFAULT-VALUE}); chaos uses P,"
            + " P+1, P+2, scale P+1..P+200; the harness refuses to start when a port it needs is taken.")
    int port = 18100;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the fault schedule and phase delays (default:"
            + " ${DEFAULT-VALUE}).")
    long seed = 6;

    @Option(names = "--out", paramLabel = "DIR", description = "Results folder (default: REPO/bench/results;"
            + " REPO/bench/target/quick with --quick).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Results file name, without extension (default:"
            + " full-run; quick with --quick).")
    String name;

    @Option(names = "--chaos-seconds", paramLabel = "S", description = "Chaos length per density (default: 600; 30"
            + " with --quick; 0 = no chaos).")
    Long chaosSeconds;

    @Option(names = "--chaos-gap-s", paramLabel = "MIN-MAX", converter = DensityConverter.class,
            description = "Seconds between chaos faults; given, only that density runs (default: stress 8-20 and"
                    + " sparse 60-120; stress only with --quick).")
    Scenarios.Density chaosGap;

    @Option(names = "--warmup-s", paramLabel = "S", description = "Warm-up of idle, idle-busy, scale and"
            + " scale_notify (default: 30; 5 with --quick).")
    Long warmupSeconds;

    @Option(names = "--window-s", paramLabel = "S", description = "Measured window of idle, idle-busy, scale and"
            + " scale_notify (default: 60; 15 with --quick).")
    Long windowSeconds;

    @Option(names = "--jvm-opts", paramLabel = "\"FLAGS\"", description = "JVM flags of the watchdog (default:"
            + " $ULTRA_JVM_OPTS, as bench/run.sh exports it from scripts/lib/common.sh).")
    String jvmOpts;

    @Option(names = "--ultra-memory-sample-ms", paramLabel = "N", description = "ultrawatch's memory sample interval"
            + " in idle, scale and scale_notify (default: 0 = the profile's).")
    int ultraMemorySampleMs;

    @Option(names = "--ultra-status-interval-ms", paramLabel = "N", description = "ultrawatch's status interval in"
            + " idle, scale and scale_notify (default: 0 = the profile's).")
    int ultraStatusIntervalMs;

    @Option(names = "--ultra-health-stop-grace-ms", paramLabel = "N", description = "health.stop_grace of the tightest"
            + " profile (default: ${DEFAULT-VALUE}; 0 = not written).")
    int ultraHealthStopGraceMs = Profile.healthStopGraceOverrideMs;

    @Option(names = "--ultra-broken-sinks", description = "Give ultrawatch two notification sinks that never deliver:"
            + " a dead webhook (connection refused) and a slow one (accepts, never answers), to show they cost the"
            + " supervision nothing (default: none).")
    boolean ultraBrokenSinks;

    @Option(names = "--ultra-jvm-extra", paramLabel = "\"FLAGS\"", description = "Extra JVM flags of the watchdog,"
            + " e.g. JFR for a profiling run (default: none).")
    String ultraJvmExtra;

    /**
     * The picocli command line ({@link Bench#main} executes it, the tests too). Its exit codes are picocli's: 2 for a
     * usage error, 1 when the run throws; {@link Bench#run} returns 0 or 1.
     */
    static CommandLine commandLine() {
        return new CommandLine(new BenchCommand());
    }

    @Override
    public Integer call() throws Exception {
        return Bench.run(this);
    }

    int trials() {
        return trials != null ? trials : quick ? 1 : 3;
    }

    /**
     * Trials per side of notify_hang. More than the timing scenarios' 3: a median and a maximum of how late after
     * its deadline a decision comes need a spread of phases, and a trial is a few seconds.
     */
    int notifyHangTrials() {
        return trials != null ? trials : quick ? 1 : 10;
    }

    /** The comparison profiles to run, in table order (same-budget first). */
    List<Profile> profiles() {
        return (profile != null ? profile : quick ? ProfileChoice.SAME_BUDGET : ProfileChoice.BOTH).profiles();
    }

    List<String> tools() {
        return tools != null ? tools : quick ? List.of("ultrawatch") : Bench.ALL_TOOLS;
    }

    List<String> scenarios() {
        return scenarios != null ? scenarios : quick ? Bench.QUICK_SCENARIOS : Bench.ALL_SCENARIOS;
    }

    long chaosMs() {
        return 1000L * (chaosSeconds != null ? chaosSeconds : quick ? 30 : 600);
    }

    List<Scenarios.Density> densities() {
        return chaosGap != null ? List.of(chaosGap)
                : quick ? List.of(Scenarios.Density.STRESS)
                : List.of(Scenarios.Density.STRESS, Scenarios.Density.SPARSE);
    }

    /** A watchdog runs for weeks: at 15 s the JIT compiler was still busy, so 30 s of warm-up before the window. */
    long warmupMs() {
        return 1000L * (warmupSeconds != null ? warmupSeconds : quick ? 5 : 30);
    }

    long windowMs() {
        return 1000L * (windowSeconds != null ? windowSeconds : quick ? 15 : 60);
    }

    Path root() {
        return root.toAbsolutePath().normalize();
    }

    Path out() {
        return out != null ? out : root().resolve(quick ? "bench/target/quick" : "bench/results");
    }

    String name() {
        return name != null ? name : quick ? "quick" : "full-run";
    }

    String jvmOpts() {
        return jvmOpts != null ? jvmOpts : System.getenv().getOrDefault("ULTRA_JVM_OPTS", "");
    }

    static final class ToolName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!Bench.ALL_TOOLS.contains(value)) {
                throw new TypeConversionException("unknown tool '" + value + "'; known: " + Bench.ALL_TOOLS);
            }
            return value;
        }
    }

    static final class ScenarioName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!Bench.ALL_SCENARIOS.contains(value)) {
                throw new TypeConversionException("unknown scenario '" + value + "'; known: "
                        + Bench.ALL_SCENARIOS);
            }
            return value;
        }
    }

    static final class DensityConverter implements ITypeConverter<Scenarios.Density> {
        @Override
        public Scenarios.Density convert(String value) {
            try {
                return Scenarios.Density.parse(value);
            } catch (IllegalArgumentException e) {   // NumberFormatException included
                throw new TypeConversionException("wants MIN-MAX in seconds with 1 <= MIN <= MAX, e.g. 8-20, but was '"
                        + value + "'");
            }
        }
    }
}
