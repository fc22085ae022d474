package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code ultrawatch_build_info{version,revision,java} 1}: the info-metric pattern (Prometheus' own
 * {@code prometheus_build_info}), so a query can join the version onto any series ({@code * on() group_left(version)})
 * and a dashboard shows which build runs. Its labels are the one exception to the low-cardinality tag rule: they
 * are constant for the life of the JVM, so it is always exactly one series.
 */
final class BuildInfoMetrics implements MeterBinder {
    static final String BUILD_INFO = "ultrawatch.build.info";

    private final String version;
    private final String revision;
    private final String java;

    BuildInfoMetrics(String version, String revision, String java) {
        this.version = version;
        this.revision = revision;
        this.java = java;
    }

    /**
     * The git commit from the resource Maven fills in ({@code mvn -Dultrawatch.revision=$(git rev-parse HEAD)}), or
     * "unknown" when the build was not given one. Read here rather than through the root package's {@code Version},
     * which the outputs layer may not use.
     */
    static String buildRevision() {
        Properties p = new Properties();
        try (InputStream in = BuildInfoMetrics.class.getResourceAsStream("/ultrawatch-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String revision = p.getProperty("revision", "").trim();
        // An unfiltered resource (a build outside Maven) still holds the placeholder itself.
        return revision.isEmpty() || revision.startsWith("${") ? "unknown" : revision;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(BUILD_INFO, () -> 1).tags("version", version, "revision", revision, "java", java)
                .description("Always 1; the labels say which ultrawatch build and Java run the watchdog")
                .register(registry);
    }
}
