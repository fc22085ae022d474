package io.ultrawatch.watchdog.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerting rules ({@code contrib/prometheus/ultrawatch.rules.yml}) are valid for the real
 * {@code promtool} and pass their unit tests ({@code ultrawatch.rules.test.yml}); promtool's output, in the failure
 * message, names the test group and the alert. The checks below promtool's reach: every alert is tested both ways and
 * its annotations tell a person where to look.
 */
class PrometheusRulesIT {
    static final Path CONTRIB = Path.of("..", "contrib").toAbsolutePath().normalize();
    static final Path RULES = CONTRIB.resolve("prometheus/ultrawatch.rules.yml");
    static final Path RULE_TESTS = CONTRIB.resolve("prometheus/ultrawatch.rules.test.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Runs promtool with {@code args}; returns its exit code and output. */
    static Result promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ExternalTools.require("promtool", "prometheus").toString()));
        command.addAll(List.of(args));
        // From the rules' folder: the test file names its rule file relative to itself.
        Process p = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool %s finished", args[0]).isTrue();
        return new Result(p.exitValue(), output);
    }

    record Result(int exit, String output) {
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Result r = promtool("check", "rules", RULES.toString());
        assertThat(r.exit()).as("promtool check rules said:%n%s", r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void everyAlertPassesItsUnitTests() throws Exception {
        Result r = promtool("test", "rules", RULE_TESTS.toString());
        assertThat(r.exit()).as("promtool test rules said:%n%s", r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    /** A test that only ever expects silence passes for a rule that can never fire, and the other way round. */
    @Test
    void everyAlertHasACaseThatFiresAndOneThatDoesNot() throws Exception {
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode group : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode c : group.path("alert_rule_test")) {
                (c.path("exp_alerts").isEmpty() ? quiet : fires).add(c.path("alertname").asText());
            }
        }
        assertThat(fires).as("alerts with a case where they fire").containsAll(alerts());
        assertThat(quiet).as("alerts with a case where they must not fire").containsAll(alerts());
    }

    @Test
    void everyAlertNamesTheBotAndSaysWhatToLookAtFirst() throws Exception {
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                String summary = rule.path("annotations").path("summary").asText();
                String description = rule.path("annotations").path("description").asText();
                assertThat(summary).as("%s's summary", name).isNotBlank();
                assertThat(description).as("%s's description", name)
                        .containsAnyOf("scripts/status.sh", "logs/", "ultrawatch events");
                assertThat(rule.path("labels").path("severity").asText()).as("%s's severity", name)
                        .isIn("critical", "warning");
                if (rule.path("expr").asText().contains("ultrawatch_bot_")) {
                    assertThat(summary + description).as("%s names the bot", name).contains("{{ $labels.bot }}");
                    assertThat(description).as("%s points at the bot's own output", name)
                            .contains("logs/{{ $labels.bot }}.out.log");
                }
            }
        }
    }

    static List<String> alerts() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            group.path("rules").forEach(r -> names.add(r.path("alert").asText()));
        }
        return names;
    }
}
