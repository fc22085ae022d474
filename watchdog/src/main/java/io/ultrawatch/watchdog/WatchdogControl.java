package io.ultrawatch.watchdog;

import io.ultrawatch.watchdog.config.ReloadResult;
import io.ultrawatch.watchdog.control.BotControl;
import io.ultrawatch.watchdog.control.ConfigReload;
import io.ultrawatch.watchdog.control.StatusReader;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.supervisor.BotSupervisor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The watchdog as the control API sees it: bots by name, the status board, the config reload. Thread-safe. */
final class WatchdogControl implements BotControl, StatusReader, ConfigReload {
    private final Watchdog watchdog;

    WatchdogControl(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    @Override
    public List<String> bots() {
        return watchdog.supervisors().stream().map(BotSupervisor::name).toList();
    }

    @Override
    public void start(String bot) {
        watchdog.supervisor(bot).ifPresent(BotSupervisor::start);
    }

    @Override
    public void stop(String bot) {
        watchdog.supervisor(bot).ifPresent(BotSupervisor::stop);
    }

    @Override
    public void restart(String bot, RestartReason reason, String detail) {
        watchdog.supervisor(bot).ifPresent(s -> s.restart(reason, detail));
    }

    @Override
    public void reload(String bot) {
        watchdog.supervisor(bot).ifPresent(BotSupervisor::reloadBot);
    }

    @Override
    public Map<String, Object> document() {
        return watchdog.board().document();
    }

    @Override
    public Optional<Map<String, Object>> botDocument(String bot) {
        return watchdog.board().botDocument(bot);
    }

    @Override
    public Optional<BotSnapshot> snapshot(String bot) {
        return watchdog.board().snapshot(bot);
    }

    @Override
    public Instant heartbeat() {
        return watchdog.board().heartbeat();
    }

    @Override
    public boolean statusWriteFailing() {
        return watchdog.statusWriteFailing();
    }

    @Override
    public WatchdogInfo info() {
        return watchdog.board().info();
    }

    @Override
    public ReloadResult reload() {
        return watchdog.reload();
    }
}
