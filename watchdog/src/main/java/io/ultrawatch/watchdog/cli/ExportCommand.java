package io.ultrawatch.watchdog.cli;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.ConfigException;
import io.ultrawatch.watchdog.config.ConfigLoader;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import io.ultrawatch.watchdog.export.ExportOptions;
import io.ultrawatch.watchdog.export.ExportedFile;
import io.ultrawatch.watchdog.export.KubernetesManifests;
import io.ultrawatch.watchdog.export.SystemdUnits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ultrawatch export systemd|kubernetes}: the config rewritten for another supervisor, to stdout or into a
 * folder. Reads the config only; the watchdog need not run.
 */
@Command(name = "export", description = {"Writes the config as systemd user units or Kubernetes Deployments.",
    "systemd: <bot>.service, plus <bot>-health.timer and <bot>-health.service for a health check. kubernetes:"
        + " <bot>.yaml, a Deployment. Secrets stay out: env_file becomes a reference, env: values are written only"
        + " with --include-env. What does not map is said in comments and in the README (\"Outgrowing one box\")."})
final class ExportCommand implements Callable<Integer> {
    enum Format { systemd, kubernetes }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "systemd or kubernetes.")
    Format format;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The config file (default: watchdog.yml here if present, else the defaults).")
    Path configFile;

    @Option(names = "--bot", paramLabel = "NAME", description = "Only this bot (default: every bot).")
    String bot;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the files into this folder (created if needed) instead of printing them.")
    Path out;

    @Option(names = "--include-env",
            description = "Also write the values of env: (secrets) into the files; they are then made 0600.")
    boolean includeEnv;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = Target.chooseConfig(configFile);
        WatchdogConfig config;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            err.println(e.errors().size() + " error(s) in " + (file == null ? "the environment overrides" : file)
                    + ": nothing exported");
            return ExitCodes.CONFIG_INVALID;
        }
        List<BotConfig> bots = config.bots();
        if (bot != null) {
            bots = bots.stream().filter(b -> b.name().equals(bot)).collect(Collectors.toList());
            if (bots.isEmpty()) {
                err.println("Unknown bot '" + bot + "'. Known bots: " + config.bots().stream().map(BotConfig::name)
                        .collect(Collectors.joining(", ")));
                return ExitCodes.FAILED;
            }
        }
        ExportOptions options = new ExportOptions(includeEnv,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                file == null ? null : file.toAbsolutePath().toString());
        List<ExportedFile> files = new ArrayList<>();
        for (BotConfig b : bots) {
            if (format == Format.systemd) {
                files.addAll(SystemdUnits.of(b, options));
            } else {
                files.add(KubernetesManifests.of(b, options));
            }
        }
        if (out == null) {
            print(files, stdout);
        } else {
            write(files, stdout);
        }
        return ExitCodes.OK;
    }

    private void print(List<ExportedFile> files, PrintWriter stdout) {
        for (int i = 0; i < files.size(); i++) {
            ExportedFile f = files.get(i);
            if (format == Format.kubernetes) {
                // One YAML stream: `kubectl apply -f -` takes it as is.
                stdout.print(i == 0 ? "" : "---\n");
            } else {
                stdout.print((i == 0 ? "" : "\n") + "### " + f.name() + "\n");
            }
            stdout.print(f.text());
        }
        stdout.flush();
    }

    private void write(List<ExportedFile> files, PrintWriter stdout) throws IOException {
        Files.createDirectories(out);
        for (ExportedFile f : files) {
            Path target = out.resolve(f.name());
            if (includeEnv) {
                // Created 0600 before a byte is written: the file holds the env values.
                Files.deleteIfExists(target);
                Files.createFile(target, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(target, f.text());
            stdout.println("Wrote " + target);
        }
        stdout.flush();
    }
}
