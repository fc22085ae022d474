package io.ultrawatch.watchdog.export;

import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.HealthCheck;
import io.ultrawatch.watchdog.config.HealthConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A bot as a Kubernetes Deployment ({@code apps/v1}): one replica with {@code strategy: Recreate}, so two copies
 * never hold one bot token; startup and liveness probes from {@code health}; the memory limit; the stop grace; the
 * env file as a Secret reference. The image is a placeholder the user must fill. Written as YAML text (not through a
 * mapper) so it can carry the comments that say what does not map. Pure; thread-safe.
 */
public final class KubernetesManifests {
    /** What {@code image:} says until someone builds one. */
    static final String IMAGE_PLACEHOLDER = "REPLACE-ME/%s:latest";

    private KubernetesManifests() {
    }

    /** {@code <bot>.yaml}: one Deployment. */
    public static ExportedFile of(BotConfig bot, ExportOptions options) {
        return new ExportedFile(bot.name() + ".yaml", deployment(bot, options));
    }

    static String deployment(BotConfig bot, ExportOptions options) {
        String name = bot.name();
        String label = "app.kubernetes.io/name";
        StringBuilder y = new StringBuilder();
        y.append("# Bot \"").append(name).append("\", written by `ultrawatch export kubernetes` from ")
                .append(oneLine(options.source() == null ? "the built-in defaults" : options.source())).append(".\n");
        y.append("# Fill in the image (TODO below), create the Secret if named, then: kubectl apply -f ").append(name)
                .append(".yaml\n# What maps and what does not: README, \"Outgrowing one box\".\n");
        y.append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n");
        y.append("  name: ").append(q(name)).append('\n');
        y.append("  labels:\n    ").append(label).append(": ").append(q(name)).append('\n');
        y.append("    app.kubernetes.io/managed-by: ultrawatch-export\n");
        y.append("spec:\n  replicas: 1\n");
        y.append("  # Recreate: the old pod is gone before the new one starts, so two copies never log in with one"
                + " token.\n");
        y.append("  strategy:\n    type: Recreate\n");
        y.append("  selector:\n    matchLabels:\n      ").append(label).append(": ").append(q(name)).append('\n');
        y.append("  template:\n    metadata:\n      labels:\n        ").append(label).append(": ").append(q(name))
                .append('\n');
        y.append("    spec:\n");
        y.append("      # stop.grace: SIGTERM, then SIGKILL after this long.\n");
        if (bot.stop().signal() != io.ultrawatch.watchdog.model.Signal.TERM) {
            y.append("      # stop.signal is ").append(bot.stop().signal().displayName()).append(", but the kubelet"
                    + " sends SIGTERM: set STOPSIGNAL in the image\n      # (or a preStop hook that sends it).\n");
        }
        y.append("      terminationGracePeriodSeconds: ").append(HealthCommands.seconds(bot.stop().grace()))
                .append('\n');
        y.append("      containers:\n");
        y.append("        - name: ").append(q(name)).append('\n');
        y.append("          image: ").append(q(String.format(IMAGE_PLACEHOLDER, name)))
                .append("  # TODO: an image with the bot and its runtime\n");
        y.append("          # command: the config's, as is; it must exist in the image (").append(bot.command().get(0)
                .equals("java") ? "java: the image's JVM" : "same paths").append(").\n");
        y.append("          command:\n");
        for (String w : bot.command()) {
            y.append("            - ").append(q(w)).append('\n');
        }
        y.append("          workingDir: ").append(q(bot.workingDir().toString())).append('\n');
        env(y, bot, options);
        if (bot.memory().limited()) {
            y.append("          # memory.max_mb: a cgroup limit, the container is OOM-killed at it (ultrawatch"
                    + " restarts after\n          # memory.consecutive_samples samples over it). The request is"
                    + " the limit: a bot's memory is not spare.\n");
            y.append("          resources:\n            requests:\n              memory: ").append(q(bot.memory()
                    .maxMb() + "Mi")).append("\n            limits:\n              memory: ")
                    .append(q(bot.memory().maxMb() + "Mi")).append('\n');
        }
        probes(y, bot.health());
        return y.toString();
    }

    private static void env(StringBuilder y, BotConfig bot, ExportOptions options) {
        boolean leftOut = !bot.env().isEmpty() && !options.includeEnv();
        if (options.includeEnv() && !bot.env().isEmpty()) {
            y.append("          # env: written because of --include-env; this file now holds secrets.\n");
            y.append("          env:\n");
            for (Map.Entry<String, String> e : new TreeMap<>(bot.env()).entrySet()) {
                y.append("            - name: ").append(q(e.getKey())).append("\n              value: ")
                        .append(q(e.getValue())).append('\n');
            }
        }
        if (bot.envFile() != null || leftOut) {
            y.append("          # The Secret holds the env file (never written here): kubectl create secret generic ")
                    .append(bot.name()).append("-env --from-env-file=")
                    .append(oneLine(bot.envFile() == null ? "<a KEY=VALUE file>" : bot.envFile().toString()))
                    .append('\n');
            if (leftOut) {
                y.append("          # env: ").append(bot.env().size()).append(" variable(s) left out (")
                        .append(String.join(", ", new TreeMap<>(bot.env()).keySet()))
                        .append("): put them in that Secret, or export again with --include-env.\n");
            }
            y.append("          envFrom:\n            - secretRef:\n                name: ")
                    .append(q(bot.name() + "-env")).append('\n');
        }
    }

    private static void probes(StringBuilder y, HealthConfig h) {
        HealthCheck c = h.check();
        if (c instanceof HealthCheck.None) {
            y.append("          # health: none: no probe; the kubelet restarts the container when it exits.\n");
            return;
        }
        if (c instanceof HealthCheck.Notify) {
            y.append("          # health: notify: the kubelet has no sd_notify socket, so no probe; the container is"
                    + " restarted\n          # when it exits. Give the bot an http, tcp or exec check to be probed"
                    + " here.\n");
            return;
        }
        String action = action(c);
        long period = HealthCommands.seconds(h.interval());
        long timeout = HealthCommands.seconds(h.timeout());
        long startupFailures = Math.max(1, (HealthCommands.seconds(h.startupTimeout()) + period - 1) / period);
        y.append(note(c));
        y.append("          # health.startup_timeout = periodSeconds x failureThreshold of the startup probe.\n");
        y.append("          startupProbe:\n").append(action);
        y.append("            periodSeconds: ").append(period).append('\n');
        y.append("            timeoutSeconds: ").append(timeout).append('\n');
        y.append("            failureThreshold: ").append(startupFailures).append('\n');
        y.append("          livenessProbe:\n").append(action);
        y.append("            periodSeconds: ").append(period).append('\n');
        y.append("            timeoutSeconds: ").append(timeout).append('\n');
        y.append("            failureThreshold: ").append(h.failureThreshold()).append('\n');
    }

    /** The probe's handler, indented under the probe. */
    private static String action(HealthCheck c) {
        if (c instanceof HealthCheck.Http h) {
            URI u = h.url();
            int port = u.getPort() > 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80);
            String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            return "            httpGet:\n              path: " + q(path) + "\n              port: " + port
                    + "\n              scheme: " + ("https".equals(u.getScheme()) ? "HTTPS" : "HTTP") + "\n";
        }
        if (c instanceof HealthCheck.Tcp t) {
            return "            tcpSocket:\n              port: " + t.port() + "\n";
        }
        List<String> words = c instanceof HealthCheck.Exec e ? e.command()
                : HealthCommands.fileAgeWords((HealthCheck.File) c);
        return "            exec:\n              command:\n" + words.stream()
                .map(w -> "                - " + q(w) + "\n").collect(Collectors.joining());
    }

    private static String note(HealthCheck c) {
        if (c instanceof HealthCheck.Http || c instanceof HealthCheck.Tcp) {
            return "          # The kubelet connects to the pod's address, not 127.0.0.1: the bot must listen on"
                    + " 0.0.0.0.\n          # A DEGRADED answer is healthy here (health.degraded_grace has no"
                    + " equivalent).\n";
        }
        if (c instanceof HealthCheck.Exec) {
            return "          # Runs in the container; exit 0 is healthy, any other (2, degraded, too) a failure.\n";
        }
        return "          # health.type file: an exec probe of the heartbeat's age in whole seconds with stat and"
                + " date\n          # (not find -mmin, whose minutes are too coarse); the image needs a shell.\n";
    }

    /** A YAML double-quoted scalar (JSON's escapes are valid YAML), so no value is read as a number or a bool. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
