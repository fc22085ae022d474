#!/usr/bin/env bash
# Stops ultrawatch deliberately: writes status/STOPPED (so cron leaves it stopped), sends SIGTERM to the watchdog,
# which stops its bots gracefully, and waits until they are gone.
#   scripts/stop_ultra_reliable_bot.sh
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WAIT_SECONDS=${ULTRA_STOP_WAIT:-90}
mkdir -p "$ULTRA_STATUS_DIR"
echo "$(ultra_now) stopped by ${USER:-$(id -un)} with stop_ultra_reliable_bot.sh" > "$ULTRA_STOPPED"

# Bots whose pid files name live processes (pid + start time), whoever started them.
bot_pids() {
    local f pid ticks
    for f in "$ULTRA_STATUS_DIR"/*.pid; do
        [ -e "$f" ] && [ "$(basename "$f")" != watchdog.pid ] || continue
        read -r pid ticks < "$f" || continue
        [ "$(ultra_start_ticks "$pid" 2>/dev/null)" = "$ticks" ] && echo "$pid"
    done
}

if pid=$(ultra_watchdog_pid); then
    echo "Stopping the watchdog (pid $pid) and its bots..."
    kill -TERM "$pid" 2>/dev/null
    deadline=$((SECONDS + WAIT_SECONDS))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "The watchdog did not exit within ${WAIT_SECONDS} s: sending SIGKILL." >&2
        kill -KILL "$pid" 2>/dev/null
    fi
else
    echo "The watchdog is not running."
fi

# A bot left behind (the watchdog had died, or was killed above) is stopped by its process group: TERM, then KILL.
left=$(bot_pids)
if [ -n "$left" ]; then
    echo "Stopping bots left without a watchdog: $left"
    for p in $left; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done
    deadline=$((SECONDS + 15))
    while [ -n "$(bot_pids)" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    for p in $(bot_pids); do kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null; done
fi
echo "ultrawatch stopped. Cron will leave it stopped until scripts/start_ultra_reliable_bot.sh runs again."
