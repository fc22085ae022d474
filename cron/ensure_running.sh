#!/usr/bin/env bash
# What cron runs (installed by scripts/setup_bot_cron.sh): keeps the watchdog alive and responsive.
#
#   cron/ensure_running.sh [--from LABEL]      LABEL names the caller in the log (cron, reboot; default manual)
#
# Healthy watchdog: decided from the pid file (pid + start time) and status/heartbeat (one line: its heartbeat and
# the hung limit the watchdog wrote), with bash builtins only; no JVM, no lock, no fork, no output (cron mails any
# output). Otherwise, under status/start.lock (the lock the start script takes too, so concurrent runs end with one
# watchdog):
#   - status/STOPPED present (a deliberate stop)   -> nothing, exit 0
#   - no watchdog holds status/watchdog.lock       -> start one detached, log it
#   - a watchdog holds it but is hung: its heartbeat is older than its hung_after_ms (max(5 x status_interval, 3 s),
#     the rule of `ultrawatch status` and /healthz), or /healthz fails -> SIGKILL it, start one
# Every revival and every failure is one line in logs/auto_restart.log (also printed, so cron mails it).
#
# Exit codes (the CLI's table, README "Exit codes"): 0 healthy, revived, deliberately stopped, or another watchdog
# is starting; 1 could not start it (jar or java missing, the JVM died at start, a foreign lock holder, logs/ or
# status/ not writable); 2 usage error; 78 the config is invalid.
#
# Environment: ULTRA_START_LOCK_WAIT (seconds to wait for another starter, default 90), ULTRA_JAVA / JAVA_HOME (the
# java; the crontab line records one), ULTRA_CONFIG (default watchdog.yml).
set -u
set -o pipefail

_here=${BASH_SOURCE[0]%/*}
[ "$_here" = "${BASH_SOURCE[0]}" ] && _here=.
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/common.sh
. "$_here/../scripts/lib/common.sh"

from=manual
while [ $# -gt 0 ]; do
    case $1 in
        --from) from=${2:-manual}; shift 2 || shift ;;
        -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "ensure_running.sh: unknown argument '$1' (try --help)" >&2; exit "$ULTRA_EX_USAGE" ;;
    esac
done
START_LOCK_WAIT=${ULTRA_START_LOCK_WAIT:-90}

# After ultra_heartbeat_age of the watchdog: asks its own /healthz (its control server, at the address status/heartbeat
# names) whether its loops run. Sets ULTRA_HEALTHZ: ok (200), fail (503, or no answer within 3 s: a stuck JVM still
# accepts connections), or unknown (no control server, or an answer we cannot judge, e.g. 401 when open_metrics is
# off). Only "fail" counts as hung, like a stale heartbeat. Plain bash /dev/tcp: no curl needed.
ultra_healthz() {
    ULTRA_HEALTHZ=unknown
    local host=$ULTRA_HB_HOST port=$ULTRA_HB_PORT fd line
    case $port in '' | *[!0-9]*) return 0 ;; esac
    if ! exec {fd}<>"/dev/tcp/$host/$port" 2>/dev/null; then
        ULTRA_HEALTHZ=fail
        return 0
    fi
    printf 'GET /healthz HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$host" "$port" >&"$fd"
    if ! read -r -t 3 -u "$fd" line; then
        ULTRA_HEALTHZ=fail
    elif [[ $line == "HTTP/"*" 200"* ]]; then
        ULTRA_HEALTHZ=ok
    elif [[ $line == "HTTP/"*" 503"* ]]; then
        ULTRA_HEALTHZ=fail
    fi
    exec {fd}>&-
}

# --- Fast path: a deliberate stop, or a healthy watchdog. Builtins only, no output. ---
[ -e "$ULTRA_STOPPED" ] && exit 0
if ultra_find_watchdog && ultra_heartbeat_age "$ULTRA_WD_PID" "$ULTRA_PF_TICKS" && ! ultra_hung; then
    ultra_healthz
    [ "$ULTRA_HEALTHZ" != fail ] && exit 0
fi

# --- Slow path: something needs a look. ---

# Appends one line to auto_restart.log and prints it (cron mails it). If the log cannot be written, stderr and
# syslog get it instead, so a broken install is never silent.
log_line() {
    local line
    line="$(ultra_now) $*"
    if ! { echo "$line" >> "$ULTRA_AUTO_LOG"; } 2>/dev/null; then
        echo "ultrawatch ensure_running: cannot write $ULTRA_AUTO_LOG: $*" >&2
        command -v logger >/dev/null 2>&1 && logger -t ultrawatch -- "cannot write $ULTRA_AUTO_LOG: $*"
        return 0
    fi
    echo "$line"
}

fail() { # exit code, message
    local rc=$1
    shift
    log_line "$*" >&2
    exit "$rc"
}

# logs/ must be writable before anything starts: the watchdog and its bots log there too, and a revival nobody can
# read about is the silent loop we refuse.
if ! { mkdir -p "$ULTRA_LOG_DIR" && : >> "$ULTRA_AUTO_LOG"; } 2>/dev/null; then
    msg="$ULTRA_LOG_DIR is not writable (cannot append to $ULTRA_AUTO_LOG); not starting the watchdog, whose logs go there too. Fix the folder's owner or permissions (it must be writable by $(id -un))."
    echo "ultrawatch ensure_running: $msg" >&2
    command -v logger >/dev/null 2>&1 && logger -t ultrawatch -- "$msg"
    exit "$ULTRA_EX_FAILED"
fi
if ! { mkdir -p "$ULTRA_STATUS_DIR" && exec 9>>"$ULTRA_START_LOCK"; } 2>/dev/null; then
    fail "$ULTRA_EX_FAILED" "cannot open $ULTRA_START_LOCK: $ULTRA_STATUS_DIR must be a folder writable by $(id -un); watchdog not checked"
fi

# One starter at a time: the start script takes the same lock and holds it until its JVM holds watchdog.lock, so
# whoever comes next sees that watchdog. A starter never holds it for long (ULTRA_SPAWN_TIMEOUT at most), and the
# kernel frees it when its holder dies, so it cannot go stale.
if ! flock -w "$START_LOCK_WAIT" 9; then
    fail 1 "another start has held $ULTRA_START_LOCK for over $START_LOCK_WAIT s; not checking the watchdog this time"
fi
[ -e "$ULTRA_STOPPED" ] && exit 0   # a stop may have finished while we waited

# Why is no healthy watchdog in charge? Sets $reason, or exits 0 when it turns out to be fine after all.
reason=''
if ultra_lock_holder; then
    if [ "$ULTRA_HOLDER" = '?' ]; then
        fail 1 "watchdog lock $ULTRA_LOCK is held by a process that is not in $ULTRA_PIDFILE and cannot be named; not starting a second watchdog. Find it with: fuser -v $ULTRA_LOCK"
    fi
    pid=$ULTRA_HOLDER
    ultra_proc "$pid"
    ticks=$ULTRA_PROC_TICKS
    if ultra_heartbeat_age "$pid" "$ticks"; then
        if ! ultra_hung; then
            ultra_healthz
            [ "$ULTRA_HEALTHZ" != fail ] && exit 0      # healthy: another starter fixed it, or it just caught up
            reason="watchdog unresponsive: /healthz failed (pid $pid)"
        else
            reason="watchdog hung: heartbeat $((ULTRA_HB_AGE_MS / 1000)) s old, limit $((ULTRA_HB_LIMIT_MS / 1000)) s (pid $pid)"
        fi
    else
        # No heartbeat of its own yet: a young watchdog is still starting (it writes one within a second of taking
        # its lock); one that has not after the time a starter gives a new JVM is stuck at start.
        age_s=$(ultra_process_age "$pid") || age_s=0
        [ "$age_s" -lt "$ULTRA_SPAWN_TIMEOUT" ] && exit 0
        reason="watchdog hung: pid $pid has written no heartbeat in the $age_s s since it started"
    fi
    # SIGKILL at once, not TERM-then-KILL. To the watchdog SIGTERM means "deliberate stop of the suite": its
    # shutdown hook stops every bot, the very bot restart a watchdog fault must not cause. A SIGSTOPped JVM does
    # not even act on a TERM: the kernel queues it and delivers it when the JVM is continued (by anyone, any time
    # later), so the bots would go down long after a new watchdog adopted them. SIGKILL is acted on by a stopped
    # process too, runs no hook, and leaves the bots running for the new watchdog to adopt (pid + start time).
    # The start time is checked again just before, so a pid recycled in between is never hit.
    if ultra_alive "$pid" "$ticks"; then
        kill -KILL "$pid" 2>/dev/null
    fi
    if ! ultra_wait_lock_free 15; then
        fail 1 "$reason; sent SIGKILL but it still holds $ULTRA_LOCK after 15 s; not starting a second watchdog"
    fi
    reason="$reason, killed with SIGKILL"
else
    if ultra_read_pidfile "$ULTRA_PIDFILE"; then
        if ultra_alive "$ULTRA_PF_PID" "$ULTRA_PF_TICKS"; then
            # Its start time matches, yet it holds no lock: it is not a watchdog (someone wrote that file by hand).
            reason="watchdog not running: pid $ULTRA_PF_PID ($(ultra_cmdline "$ULTRA_PF_PID")) does not hold the watchdog lock"
        elif ultra_alive "$ULTRA_PF_PID"; then
            reason="watchdog not running: pid $ULTRA_PF_PID gone (that pid now belongs to another process: $(ultra_cmdline "$ULTRA_PF_PID"))"
        else
            reason="watchdog not running: pid $ULTRA_PF_PID gone"
        fi
    elif [ -e "$ULTRA_PIDFILE" ]; then
        reason="watchdog not running: unreadable pid file $ULTRA_PIDFILE"
    else
        reason="watchdog not running: no pid file (never started here, or it was removed)"
    fi
fi

# The new watchdog reads why it was started (a watchdog_revived event, which notifications send); best effort.
printf '%s (by %s)\n' "$reason" "$from" > "$ULTRA_STATUS_DIR/revived" 2>/dev/null || true
ultra_start_watchdog
rc=$?
[ "$rc" = 0 ] || rm -f "$ULTRA_STATUS_DIR/revived"
case $rc in
    0) log_line "$reason; started watchdog pid $ULTRA_NEW_PID (by $from)" ;;
    "$ULTRA_EX_ANOTHER_WATCHDOG") log_line "$reason; $ULTRA_ERROR, nothing started (by $from)" ;;
    *) fail "$rc" "$reason; cannot start it: $ULTRA_ERROR (by $from)" ;;
esac
exit 0
