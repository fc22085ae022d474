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
#     the rule of `ultrawatch status` and /healthz), or /healthz fails and the heartbeat then stops advancing
#     -> SIGKILL it, start one. A failed /healthz alone never kills (any local user can make a connection fail);
#     a stale heartbeat with a /healthz that answers "cannot write status files" (full disk) does not either.
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

# After /healthz failed for watchdog PID (TICKS) whose heartbeat is fresh: the heartbeat file decides, which only the
# watchdog's user can write (status/ is 0700). Waits until the heartbeat advances (true: the watchdog is alive and
# something kept /healthz from answering: another user's connections, a busy moment) or outgrows its limit (false:
# hung). At most its limit plus a few seconds: with the default 5 s status interval, about 5 s.
heartbeat_advances() {
    local pid=$1 ticks=$2 first=$ULTRA_HB_AT_MS deadline
    deadline=$((SECONDS + ULTRA_HB_LIMIT_MS / 1000 + 5))
    while [ $SECONDS -lt $deadline ]; do
        sleep 0.2
        ultra_heartbeat_age "$pid" "$ticks" || return 1
        [ "$ULTRA_HB_AT_MS" != "$first" ] && return 0
        ultra_hung && return 1
    done
    return 1
}

# True when watchdog PID, whose heartbeat file is stale or missing, answers /healthz itself (same pid, loops running)
# and says it cannot write its status files: a full disk, not a hang. Its own heartbeat line cannot be written then,
# so the address comes from whatever line status/heartbeat still holds (the previous watchdog's, same config).
healthz_vouches_for() {
    ultra_read_heartbeat
    ultra_healthz
    [ "$ULTRA_HEALTHZ" = ok ] && [ "$ULTRA_HEALTHZ_PID" = "$1" ] && [ "$ULTRA_HEALTHZ_WRITE_FAILING" = 1 ]
}

# --- Fast path: a deliberate stop, or a healthy watchdog. Builtins only, no output. ---
[ -e "$ULTRA_STOPPED" ] && exit 0
if ultra_find_watchdog && ultra_heartbeat_age "$ULTRA_WD_PID" "$ULTRA_PF_TICKS" && ! ultra_hung; then
    ultra_healthz
    [ "$ULTRA_HEALTHZ" != fail ] && exit 0
fi

# --- Slow path: something needs a look. ---

# Appends one line to auto_restart.log (bounded; a failure repeated run after run is counted, not repeated: see
# ultra_log_append) and prints it (cron mails it). If the log cannot be written, stderr and syslog get it instead, so
# a broken install is never silent.
log_line() {
    if ! ultra_log_append "$ULTRA_AUTO_LOG" "$*" "${ULTRA_LOG_KIND:-}"; then
        echo "ultrawatch ensure_running: cannot write $ULTRA_AUTO_LOG: $*" >&2
        command -v logger >/dev/null 2>&1 && logger -t ultrawatch -- "cannot write $ULTRA_AUTO_LOG: $*"
        return 0
    fi
    echo "$(ultra_now) $*"
}

# The same, into auto_restart.log only: for what needs no mail (a watchdog left alone after a closer look; repeated
# run after run under a lasting cause, so counted like a failure).
log_quiet() {
    ultra_log_append "$ULTRA_AUTO_LOG" "$*" failure || true
}

fail() { # exit code, message
    local rc=$1
    shift
    ULTRA_LOG_KIND=failure log_line "$*" >&2
    exit "$rc"
}

# logs/ must be writable before anything starts: the watchdog and its bots log there too, and a revival nobody can
# read about is the silent loop we refuse. Tested by writing bytes: a full disk still lets `: >>` create a file.
if ! { mkdir -p "$ULTRA_LOG_DIR" && ultra_dir_writable "$ULTRA_LOG_DIR"; } 2>/dev/null; then
    msg="$ULTRA_LOG_DIR is not writable (a test write failed: full disk, or no permission); not starting the watchdog, whose logs go there too. Fix the folder's owner or permissions (it must be writable by $(id -un))."
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
if ultra_evict_foreign_lock; then
    log_line "$ULTRA_EVICTED"
fi
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
            # Any local user can make /healthz fail (connections that never finish a request): never kill on that
            # alone. The heartbeat file decides.
            if heartbeat_advances "$pid" "$ticks"; then
                log_quiet "watchdog pid $pid left alone: /healthz did not answer, but its heartbeat advances (someone may be holding its control server's connections)"
                exit 0
            fi
            reason="watchdog hung: /healthz failed and its heartbeat stopped advancing ($((ULTRA_HB_AGE_MS / 1000)) s old, limit $((ULTRA_HB_LIMIT_MS / 1000)) s) (pid $pid)"
        else
            if healthz_vouches_for "$pid"; then
                ULTRA_LOG_KIND=failure log_line "watchdog pid $pid left alone: its heartbeat is stale, but its /healthz answers and says it cannot write its status files (disk full?); it supervises on"
                exit 0
            fi
            reason="watchdog hung: heartbeat $((ULTRA_HB_AGE_MS / 1000)) s old, limit $((ULTRA_HB_LIMIT_MS / 1000)) s (pid $pid)"
        fi
    else
        # No heartbeat of its own yet: a young watchdog is still starting (it writes one within a second of taking
        # its lock); one that has not after the time a starter gives a new JVM is stuck at start, unless it says
        # on /healthz that it cannot write (a full disk).
        age_s=$(ultra_process_age "$pid") || age_s=0
        [ "$age_s" -lt "$ULTRA_SPAWN_TIMEOUT" ] && exit 0
        if healthz_vouches_for "$pid"; then
            ULTRA_LOG_KIND=failure log_line "watchdog pid $pid left alone: no heartbeat file of its own, but its /healthz answers and says it cannot write its status files (disk full?); it supervises on"
            exit 0
        fi
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
