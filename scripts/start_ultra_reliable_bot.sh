#!/usr/bin/env bash
# Starts the ultrawatch watchdog in the background, supervising the bots of watchdog.yml (or the bundled demo bot),
# and waits until they are healthy. Removes status/STOPPED, so cron keeps it running from now on. Safe to run twice
# and safe to race cron's ensure_running.sh: both take status/start.lock, and a running watchdog is left alone.
#   scripts/start_ultra_reliable_bot.sh [--no-wait]
# Exit codes (the CLI's table, README "Exit codes"): 0 running (and healthy, unless --no-wait), also when it was
# already running; 1 could not start, or not healthy in time; 2 usage error; 78 config invalid.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

wait_healthy=1
case ${1:-} in
    '') ;;
    --no-wait) wait_healthy=0 ;;
    *) echo "start_ultra_reliable_bot.sh: unknown argument '$1' (usage: start_ultra_reliable_bot.sh [--no-wait])" >&2
       exit "$ULTRA_EX_USAGE" ;;
esac
WAIT_SECONDS=${ULTRA_START_WAIT:-120}

ultra_build_if_missing || exit 1
mkdir -p "$ULTRA_LOG_DIR" "$ULTRA_STATUS_DIR" || exit 1

# One starter at a time (cron's ensure_running.sh takes the same lock). Held until the new JVM holds watchdog.lock,
# so a starter that comes next sees it; the watchdog's own lock stays the final word.
exec 9>>"$ULTRA_START_LOCK"
flock -w 60 9 || { echo "Another start or stop is in progress (lock $ULTRA_START_LOCK held for 60 s)." >&2; exit 1; }

rm -f "$ULTRA_STOPPED"
if ultra_evict_foreign_lock; then
    echo "$ULTRA_EVICTED"
    ultra_log_append "$ULTRA_START_LOG" "$ULTRA_EVICTED"
fi
# The bots' environment comes from this shell, refreshed at every start (also when the watchdog already runs: its
# next start of a bot reads it); cron never writes it. A config error is reported by the start below.
ultra_record_env || case $ULTRA_ERROR in *"errors in"*) ;; *)
    echo "warning: the bots' environment was not recorded in $ULTRA_STATUS_DIR/env.base ($ULTRA_ERROR); they get the watchdog's PATH and locale" >&2 ;;
esac
if ultra_lock_holder; then
    echo "ultrawatch is already running (pid $ULTRA_HOLDER); nothing started."
    echo "  status: scripts/status.sh   (or cat $ULTRA_STATUS_FILE)"
    exit 0
fi

ultra_start_watchdog
rc=$?
if [ $rc -eq "$ULTRA_EX_ANOTHER_WATCHDOG" ]; then
    echo "ultrawatch is already running: $ULTRA_ERROR; nothing started."
    exit 0
elif [ $rc -ne 0 ]; then
    ultra_log_append "$ULTRA_START_LOG" \
        "start failed (by ${USER:-$(id -un)}, from start_ultra_reliable_bot.sh): $ULTRA_ERROR" failure
    echo "Could not start the watchdog: $ULTRA_ERROR" >&2
    exit $rc
fi
pid=$ULTRA_NEW_PID
ultra_log_append "$ULTRA_START_LOG" "started watchdog pid $pid (by ${USER:-$(id -un)}, from start_ultra_reliable_bot.sh)"
exec 9>&-

echo "ultrawatch watchdog started (pid $pid)."
if [ "$wait_healthy" = 1 ]; then
    printf 'Waiting for the bots to be healthy'
    deadline=$((SECONDS + WAIT_SECONDS))
    while :; do
        if ! ultra_alive "$pid"; then
            echo; echo "The watchdog exited at start. Last lines of $ULTRA_CONSOLE_LOG:" >&2
            tail -n 20 "$ULTRA_CONSOLE_LOG" >&2
            exit 1
        fi
        # status/heartbeat counts the bots and the RUNNING ones: no JSON to parse.
        if ultra_read_heartbeat && [ "$ULTRA_HB_PID" = "$pid" ] && [ "$ULTRA_HB_RUNNING" = "$ULTRA_HB_BOTS" ]; then
            echo " ok."
            break
        fi
        if [ $SECONDS -ge $deadline ]; then
            echo; echo "Not all bots are healthy after ${WAIT_SECONDS} s; the watchdog keeps trying. See scripts/status.sh and $ULTRA_LOG_DIR/watchdog.log." >&2
            exit 1
        fi
        printf '.'
        sleep 0.5
    done
fi
cat <<MSG
  status:   scripts/status.sh   (or cat $ULTRA_STATUS_FILE)
  logs:     $ULTRA_LOG_DIR/watchdog.log, $ULTRA_LOG_DIR/events.jsonl, $ULTRA_LOG_DIR/<bot>.out.log
  stop:     scripts/stop_ultra_reliable_bot.sh
MSG
# The watchdog writes the control server's real address into status/heartbeat once it listens (it may be disabled,
# or its port taken).
control_url=""
deadline=$((SECONDS + 2))
while :; do
    if ultra_read_heartbeat && [ "$ULTRA_HB_PID" = "$pid" ]; then
        case $ULTRA_HB_PORT in
            '' | *[!0-9]*) ;;
            *) host=$ULTRA_HB_HOST
               [ "${host#*:}" = "$host" ] || host="[$host]"
               control_url="http://$host:$ULTRA_HB_PORT/" ;;
        esac
    fi
    [ -n "$control_url" ] || [ "$wait_healthy" = 0 ] || [ $SECONDS -ge $deadline ] && break
    sleep 0.2
done
if [ -n "$control_url" ]; then
    echo "  dashboard: $control_url   (token: cat $ULTRA_STATUS_DIR/control.token)"
    echo "  metrics:   ${control_url}metrics   (Prometheus)"
else
    # The watchdog says why in control.json when its control server could not start ("port 8000 is taken by
    # another process"); only a file of this watchdog counts.
    why="not serving (control server disabled; see $ULTRA_LOG_DIR/watchdog.log)"
    control=$(cat "$ULTRA_STATUS_DIR/control.json" 2>/dev/null)
    if [[ $control =~ \"pid\"\ *:\ *$pid[^0-9] ]] && [[ $control =~ \"error\"\ *:\ *\"([^\"]*)\" ]]; then
        why="${BASH_REMATCH[1]} (the bots are supervised anyway; see $ULTRA_LOG_DIR/watchdog.log)"
    fi
    echo "  dashboard, metrics: $why"
fi
