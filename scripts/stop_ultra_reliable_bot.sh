#!/usr/bin/env bash
# Stops ultrawatch deliberately: writes status/STOPPED (so cron leaves it stopped), sends SIGTERM to the watchdog,
# which stops its bots gracefully, and waits with a deadline until the watchdog and every bot are gone.
#   scripts/stop_ultra_reliable_bot.sh
# Exit codes: 0 everything is stopped; 1 something still runs after the deadlines (named on stderr), or the
# status/STOPPED marker cannot be written (then nothing is stopped: cron would only start it again).
# Environment: ULTRA_STOP_WAIT (seconds for the watchdog to stop its bots and exit, default 90).
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WAIT_SECONDS=${ULTRA_STOP_WAIT:-90}
BOT_GRACE=15
mkdir -p "$ULTRA_STATUS_DIR"
# STOPPED first: a cron run that starts after this line leaves the suite alone. Without it cron would start the
# suite again within minutes, so a marker that cannot be written stops nothing and says why.
if ! { echo "$(ultra_now) stopped by ${USER:-$(id -un)} with stop_ultra_reliable_bot.sh" > "$ULTRA_STOPPED"; } 2>/dev/null; then
    echo "Cannot write $ULTRA_STOPPED (full disk, or no permission on $ULTRA_STATUS_DIR?): not stopping anything, since cron would start it again without that marker. Fix it and run this again." >&2
    rm -f "$ULTRA_STOPPED" 2>/dev/null
    exit 1
fi

# Then the start lock, held to the end: a cron run (or start script) already past its STOPPED check finishes its
# start first, and we stop what it started instead of racing it. Not fatal if a starter is stuck: stop anyway.
exec 9>>"$ULTRA_START_LOCK"
flock -w 60 9 || echo "A start is still in progress after 60 s ($ULTRA_START_LOCK); stopping anyway." >&2

if ultra_lock_holder && [ "$ULTRA_HOLDER" != '?' ]; then
    pid=$ULTRA_HOLDER
    echo "Stopping the watchdog (pid $pid) and its bots..."
    # TERM is the deliberate stop: the watchdog stops every bot gracefully, then exits. CONT after it, so a
    # SIGSTOPped watchdog acts on the TERM now instead of whenever someone continues it.
    kill -TERM "$pid" 2>/dev/null
    kill -CONT "$pid" 2>/dev/null
    deadline=$((SECONDS + WAIT_SECONDS))
    while ultra_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if ultra_alive "$pid"; then
        echo "The watchdog did not exit within ${WAIT_SECONDS} s: sending SIGKILL." >&2
        kill -KILL "$pid" 2>/dev/null
        ultra_wait_lock_free 10 || echo "The watchdog (pid $pid) still holds $ULTRA_LOCK after SIGKILL." >&2
    fi
elif ultra_lock_held; then
    echo "The watchdog lock $ULTRA_LOCK is held by a process not named in $ULTRA_PIDFILE: find it with fuser -v $ULTRA_LOCK" >&2
else
    echo "The watchdog is not running."
fi

# A bot left behind (the watchdog had died or hung, or was killed above) is stopped by its session, as the watchdog
# does: each bot runs in a session of its own (setsid), so its pid is also its process group. TERM, then KILL.
left=$(ultra_bot_pids)
if [ -n "$left" ]; then
    echo "Stopping bots left without a watchdog: ${left//$'\n'/ }"
    for p in $left; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done
    deadline=$((SECONDS + BOT_GRACE))
    while [ -n "$(ultra_bot_pids)" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    for p in $(ultra_bot_pids); do
        echo "Bot pid $p ignored SIGTERM for ${BOT_GRACE} s: sending SIGKILL." >&2
        kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null
    done
    deadline=$((SECONDS + 10))
    while [ -n "$(ultra_bot_pids)" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
fi

still=$(ultra_bot_pids)
if ultra_find_watchdog; then still="watchdog $ULTRA_WD_PID $still"; fi
if [ -n "$still" ]; then
    echo "Still running after the deadlines: $still" >&2
    exit 1
fi
echo "ultrawatch stopped. Cron will leave it stopped until scripts/start_ultra_reliable_bot.sh runs again."
