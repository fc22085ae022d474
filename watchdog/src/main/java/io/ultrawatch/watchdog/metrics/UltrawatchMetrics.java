package io.ultrawatch.watchdog.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ultrawatch.watchdog.event.EventBus;
import io.ultrawatch.watchdog.status.StatusBoard;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The watchdog's Prometheus registry, served at {@code /metrics}: per-bot meters, the watchdog's own health, its build,
 * and light JVM/process meters. JvmGcMetrics is left out on purpose: it installs GC notification listeners and many
 * series, a cost this small always-on JVM does not need (heap use is in {@code jvm_memory_used_bytes}).
 *
 * <p>Tag names are {@code bot}, {@code reason}, {@code state}, {@code result} and {@code sink}, each with a small,
 * fixed set of values (the bots come from the config, the rest from enums), so the number of series follows the
 * config and never grows with time: no pid, error text or time in a tag. The one exception is
 * {@code ultrawatch_build_info}, whose labels are constant for the life of the JVM.
 *
 * <p>Meter names (Prometheus form; the README's metrics table is the contract):
 * {@code ultrawatch_bot_up}, {@code ultrawatch_bot_state{state}} (one series per state, exactly one 1),
 * {@code ultrawatch_bot_ready}, {@code ultrawatch_bot_held}, {@code ultrawatch_bot_starts_in_window},
 * {@code ultrawatch_bot_crash_looping}, {@code ultrawatch_bot_restarts_total{reason}},
 * {@code ultrawatch_bot_memory_bytes}, {@code ultrawatch_bot_memory_limit_bytes} (only bots with a limit),
 * {@code ultrawatch_bot_start_time_seconds}, {@code ultrawatch_bot_backoff_delay_seconds},
 * {@code ultrawatch_bot_consecutive_failures}, {@code ultrawatch_bot_probe_duration_seconds} (histogram),
 * {@code ultrawatch_bot_probes_total{result}}, {@code ultrawatch_build_info{version,revision,java}},
 * {@code ultrawatch_watchdog_loop_lag_seconds}, {@code ultrawatch_watchdog_status_write_failures_total},
 * {@code ultrawatch_watchdog_event_failures_total}; {@code ultrawatch_notifications_total{sink,result}} comes from
 * {@link NotifyMetrics}, bound by the assembly.
 */
public final class UltrawatchMetrics {
    private UltrawatchMetrics() {
    }

    /**
     * @param statusWriteFailures failed writes of status.json, or null to leave that meter out
     */
    public static PrometheusMeterRegistry create(StatusBoard board, EventBus bus, Clock clock,
                                                 LongSupplier statusWriteFailures) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two of ProcessorMetrics' meters fail promtool's lint (process_cpu_time_ns_total: abbreviated unit;
        // system_cpu_count: a gauge ending in _count). process_cpu_usage and system_cpu_usage remain.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        new BuildInfoMetrics(board.info().version(), BuildInfoMetrics.buildRevision(),
                System.getProperty("java.version")).bindTo(registry);
        new BotMetrics(board).bindTo(registry);
        new RestartMetrics(board).bindTo(registry);
        new ProbeMetrics(board).bindTo(registry);
        new WatchdogMetrics(board, clock, statusWriteFailures, bus::failures).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }
}
