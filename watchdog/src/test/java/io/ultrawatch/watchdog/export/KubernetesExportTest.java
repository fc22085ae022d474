package io.ultrawatch.watchdog.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.ultrawatch.watchdog.config.BotConfig;
import io.ultrawatch.watchdog.config.WatchdogConfig;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export kubernetes}: every manifest parses into fabric8's typed Deployment with no unknown field (Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES, plus a walk of the models' additionalProperties, where fabric8 keeps what it does not
 * know), maps the config as documented, and is read by kubectl offline.
 */
class KubernetesExportTest {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    @TempDir
    Path dir;

    private static ExportOptions options(boolean includeEnv) {
        return new ExportOptions(includeEnv, "/usr/bin/java", "/etc/watchdog.yml");
    }

    private Deployment parse(String yaml) throws Exception {
        Deployment d = YAML.readValue(yaml, Deployment.class);
        List<String> unknown = new ArrayList<>();
        unknownFields(d, "deployment", unknown, new IdentityHashMap<>());
        assertThat(unknown).as("fields fabric8 does not know").isEmpty();
        return d;
    }

    /** fabric8 models keep unknown keys in additionalProperties instead of failing: look in every one. */
    private static void unknownFields(Object o, String path, List<String> found, Map<Object, Boolean> seen)
            throws Exception {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), found, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(v, path + "." + m.getName().substring(3), found, seen);
            }
        }
    }

    @Test
    void everyBotIsATypedDeploymentWithTheConfigsMeaning() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        for (BotConfig b : c.bots()) {
            Deployment d = parse(KubernetesManifests.of(b, options(false)).text());
            assertThat(d.getMetadata().getName()).isEqualTo(b.name());
            assertThat(d.getSpec().getReplicas()).isEqualTo(1);
            assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
            assertThat(d.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
            Container container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("REPLACE-ME/" + b.name() + ":latest");
            assertThat(container.getCommand()).isEqualTo(b.command());
            assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .isEqualTo(b.stop().grace().toSeconds());
        }
    }

    @Test
    void theCheckItselfCatchesAMisspelledField() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        String yaml = KubernetesManifests.of(c.bots().get(3), options(false)).text()
                .replace("          workingDir:", "          workingDirectory: \"/x\"\n          workingDir:");
        assertThatThrownBy(() -> parse(yaml)).hasMessageContaining("workingDirectory");
    }

    @Test
    void probesMapEachKindOfHealthCheck() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        Container web = container(c, "web");
        assertThat(web.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health?deep=1");
        assertThat(web.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(5001);
        assertThat(web.getLivenessProbe().getFailureThreshold()).isEqualTo(3);
        assertThat(web.getLivenessProbe().getPeriodSeconds()).isEqualTo(5);
        assertThat(web.getLivenessProbe().getTimeoutSeconds()).isEqualTo(2);
        Probe startup = web.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).as("startup_timeout").isEqualTo(60);
        assertThat(web.getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));

        assertThat(container(c, "port").getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(7000);
        assertThat(container(c, "script").getLivenessProbe().getExec().getCommand())
                .containsExactly("/bin/sh", "-c", "test -e ready");
        assertThat(container(c, "script").getResources()).as("max_mb 0: no limit").isNull();
        assertThat(String.join(" ", container(c, "beat").getLivenessProbe().getExec().getCommand()))
                .contains("stat -c %Y " + dir.resolve("heartbeat")).endsWith("-lt 90");
        assertThat(container(c, "quiet").getLivenessProbe()).isNull();
        assertThat(container(c, "quiet").getStartupProbe()).isNull();
        assertThat(container(c, "pinger").getLivenessProbe()).as("no sd_notify in a pod").isNull();
    }

    @Test
    void theEnvFileIsASecretReferenceAndEnvValuesOnlyWhenAskedFor() throws Exception {
        WatchdogConfig c = ExportConfigs.load(dir);
        BotConfig web = c.bots().get(0);
        String without = KubernetesManifests.of(web, options(false)).text();
        assertThat(without).doesNotContain("hello", "planted-secret-token");
        Container plain = parse(without).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(plain.getEnv()).isEmpty();
        assertThat(plain.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("web-env");

        String with = KubernetesManifests.of(web, options(true)).text();
        assertThat(with).doesNotContain("planted-secret-token");
        Container full = parse(with).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(full.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly("GREETING=hello \"world\" 100% $HOME", "PLAIN=x");
    }

    @Test
    void kubectlReadsEveryManifestOffline() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), KUBECTL + " is not installed: the manifests are not read by kubectl");
        WatchdogConfig c = ExportConfigs.load(dir);
        StringBuilder stream = new StringBuilder();
        for (BotConfig b : c.bots()) {
            stream.append(stream.length() == 0 ? "" : "---\n").append(KubernetesManifests.of(b, options(true)).text());
        }
        Path file = dir.resolve("all.yaml");
        Files.writeString(file, stream);
        // `apply --dry-run=client` needs a cluster even with --validate=false (it asks the API server which kinds
        // exist), so offline kubectl reads the objects with a --local command, which never contacts a server. The
        // field-by-field check is the fabric8 parse above.
        ProcessBuilder pb = new ProcessBuilder(KUBECTL.toString(), "label", "--local", "-f", file.toString(),
                "checked=yes", "-o", "name").redirectErrorStream(true);
        pb.environment().put("KUBECONFIG", dir.resolve("no-kubeconfig").toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.trim().split("\n")).containsExactly("deployment.apps/web", "deployment.apps/port",
                "deployment.apps/script", "deployment.apps/beat", "deployment.apps/quiet",
                "deployment.apps/pinger");
    }

    private Container container(WatchdogConfig c, String name) throws Exception {
        BotConfig b = c.bots().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return parse(KubernetesManifests.of(b, options(false)).text()).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }
}
