#!/usr/bin/env bash
# Starts the ultrawatch watchdog in the background, supervising the bots of watchdog.yml (or the bundled demo bot),
# and waits until they are healthy. Safe to run twice: a running watchdog is left alone.
#   scripts/start_ultra_reliable_bot.sh [--no-wait]
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

wait_healthy=1
[ "${1:-}" = "--no-wait" ] && wait_healthy=0
WAIT_SECONDS=${ULTRA_START_WAIT:-120}

ultra_build_if_missing || exit 1
mkdir -p "$ULTRA_LOG_DIR" "$ULTRA_STATUS_DIR"

# One starter at a time (cron's ensure-running takes the same lock); the watchdog's own lock is the final word.
exec 9>"$ULTRA_STATUS_DIR/start.lock"
flock -w 60 9 || { echo "Another start is in progress (lock $ULTRA_STATUS_DIR/start.lock)." >&2; exit 1; }

rm -f "$ULTRA_STOPPED"
if ultra_lock_held; then
    echo "ultrawatch is already running (pid $(ultra_watchdog_pid || echo '?')); nothing started."
    echo "  status: $ULTRA_STATUS_FILE"
    exit 0
fi

pid=$(ultra_spawn_watchdog) || exit 1
echo "$(ultra_now) started watchdog pid $pid (by ${USER:-$(id -un)}, from start_ultra_reliable_bot.sh)" \
    >> "$ULTRA_LOG_DIR/ultra_start.log"
exec 9>&-

echo "ultrawatch watchdog started (pid $pid)."
if [ "$wait_healthy" = 1 ]; then
    printf 'Waiting for the bots to be healthy'
    deadline=$((SECONDS + WAIT_SECONDS))
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo; echo "The watchdog exited at start. Last lines of $ULTRA_LOG_DIR/watchdog.console.log:" >&2
            tail -n 20 "$ULTRA_LOG_DIR/watchdog.console.log" >&2
            exit 1
        fi
        if [ "$(ultra_status_field pid)" = "$pid" ]; then
            states=$(grep -o '"state" : "[A-Z]*"' "$ULTRA_STATUS_FILE" 2>/dev/null | sed 's/.*: "//; s/"//')
            if [ -n "$states" ] && ! echo "$states" | grep -qv '^RUNNING$'; then
                echo " ok."
                break
            fi
        fi
        if [ $SECONDS -ge $deadline ]; then
            echo; echo "Not all bots are healthy after ${WAIT_SECONDS} s; the watchdog keeps trying. See $ULTRA_LOG_DIR/watchdog.log." >&2
            exit 1
        fi
        printf '.'
        sleep 0.5
    done
fi
cat <<MSG
  status:   $ULTRA_STATUS_FILE   (cat it, or: scripts/status.sh)
  logs:     $ULTRA_LOG_DIR/watchdog.log, $ULTRA_LOG_DIR/events.jsonl, $ULTRA_LOG_DIR/<bot>.out.log
  stop:     scripts/stop_ultra_reliable_bot.sh
MSG
