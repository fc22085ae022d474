#!/usr/bin/env bash
# Prints a human summary of ultrawatch: is the watchdog running and responsive, and how is each bot. No JVM: it reads
# status/status.json, the pid files and /proc.
#   scripts/status.sh
# Exit codes (LSB style, so scripts and monitoring can use it):
#   0  the watchdog runs and every bot is RUNNING
#   1  the watchdog runs, but a bot is not RUNNING (starting, down, backing off, stopping)
#   3  the watchdog is not running (stopped deliberately, or dead: cron's ensure_running.sh will revive it)
#   4  the watchdog process is alive but its heartbeat is older than ULTRA_HUNG_AFTER s (default 90): hung,
#      so the bot states shown are old; cron's ensure_running.sh will replace it
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# 135 s -> 2m15s; 90061 s -> 1d01h
human_duration() {
    local s=${1%.*}
    [ -n "$s" ] || s=0
    if [ "$s" -lt 60 ]; then echo "${s}s"
    elif [ "$s" -lt 3600 ]; then printf '%dm%02ds\n' $((s / 60)) $((s % 60))
    elif [ "$s" -lt 86400 ]; then printf '%dh%02dm\n' $((s / 3600)) $((s % 3600 / 60))
    else printf '%dd%02dh\n' $((s / 86400)) $((s % 86400 / 3600)); fi
}

# Seconds from an ISO time to now (empty when it cannot be parsed).
seconds_since() {
    local t
    [ -n "$1" ] && [ "$1" != null ] || return 1
    t=$(date -u -d "$1" +%s 2>/dev/null) || return 1
    echo $(( $(date -u +%s) - t ))
}

# status.json flattened to "path<TAB>value" lines (watchdog.pid, bots.0.state, bots.0.last_restart.reason...). The
# file is Jackson's pretty print: one "key" : value a line, "[ {" / "}, {" / "} ]" around array elements.
flatten_status() {
    LC_ALL=C awk '
        function path(k,   p, i) { p = ""; for (i = 1; i <= d; i++) p = p stack[i] "."; return p k }
        function unquote(v) {
            if (v ~ /^".*"$/) { v = substr(v, 2, length(v) - 2); gsub(/\\"/, "\"", v); gsub(/\\\\/, "\\", v) }
            return v
        }
        {
            l = $0; sub(/^[ \t]+/, "", l); sub(/[ \t\r]+$/, "", l)
            if (l ~ /^"[^"]*" : /) {
                k = l; sub(/^"/, "", k); sub(/" : .*$/, "", k)
                v = l; sub(/^"[^"]*" : /, "", v)
                if (v == "{") { stack[++d] = k; next }
                if (v == "[ {") { stack[++d] = k; stack[++d] = 0; next }
                sub(/,$/, "", v)
                printf "%s\t%s\n", path(k), unquote(v)
            } else if (l == "}, {") { stack[d]++ }
            else if (l ~ /^} \]/) { d -= 2 }
            else if (l ~ /^[}\]],?$/) { if (d > 0) d-- }
        }' "$ULTRA_STATUS_FILE" 2>/dev/null
}

echo "ultrawatch in $ULTRA_ROOT"

# --- The watchdog ---
# The pid file names it; if someone deleted that file, /proc/locks still shows who holds the lock (read-only: a
# status check must never take the lock a starting watchdog is about to take).
nopidfile=''
if ! ultra_find_watchdog && ultra_lock_holder_proc; then
    ULTRA_WD_PID=$ULTRA_HOLDER
    nopidfile=" (its pid file $ULTRA_PIDFILE is missing or stale)"
fi
if [ -z "$ULTRA_WD_PID" ]; then
    if [ -e "$ULTRA_STOPPED" ]; then
        echo "watchdog: not running: stopped deliberately ($(cat "$ULTRA_STOPPED" 2>/dev/null)); cron leaves it stopped."
        echo "          start it with: scripts/start_ultra_reliable_bot.sh"
    else
        why="no pid file"
        if ultra_read_pidfile "$ULTRA_PIDFILE"; then why="pid $ULTRA_PF_PID gone"; fi
        echo "watchdog: NOT RUNNING ($why). cron/ensure_running.sh revives it at its next run if cron is set up;"
        echo "          start it now with: scripts/start_ultra_reliable_bot.sh"
    fi
    orphans=''
    for f in "$ULTRA_STATUS_DIR"/*.pid; do
        [ -e "$f" ] && [ "${f##*/}" != watchdog.pid ] || continue
        ultra_read_pidfile "$f" && ultra_alive "$ULTRA_PF_PID" "$ULTRA_PF_TICKS" || continue
        b=${f##*/}
        orphans="$orphans ${b%.pid} (pid $ULTRA_PF_PID)"
    done
    [ -z "$orphans" ] || echo "bots still running without a watchdog:$orphans; the next watchdog adopts them."
    [ -f "$ULTRA_STATUS_FILE" ] && echo "last status file: $ULTRA_STATUS_FILE (stale)"
    exit 3
fi
pid=$ULTRA_WD_PID

declare -A S=()
while IFS=$'\t' read -r k v; do S[$k]=$v; done < <(flatten_status)

rc=0
if [ "${S[watchdog.pid]:-}" != "$pid" ]; then
    up=$(ultra_process_age "$pid") || up=0
    echo "watchdog: starting (pid $pid, up $(human_duration "$up")): no status written yet."
    exit 1
fi
up=$(seconds_since "${S[watchdog.started_at]:-}") || up=0
# The same rule as cron/ensure_running.sh, to the millisecond: hung when the heartbeat is older than the limit.
if ultra_heartbeat_age "$pid"; then
    hb="$((ULTRA_HB_AGE_MS / 1000)).$((ULTRA_HB_AGE_MS % 1000 / 100)) s ago"
else
    hb="unknown"
fi
line="watchdog: running, pid $pid$nopidfile, up $(human_duration "$up"), heartbeat $hb, config ${S[watchdog.config]:-?}"
if [ -n "$ULTRA_HB_AGE_MS" ] && [ "$ULTRA_HB_AGE_MS" -gt $((ULTRA_HUNG_AFTER * 1000)) ]; then
    line="watchdog: HUNG? pid $pid is alive but its heartbeat is $(human_duration $((ULTRA_HB_AGE_MS / 1000))) old (limit ${ULTRA_HUNG_AFTER}s); the bot states below are that old. cron/ensure_running.sh replaces it."
    rc=4
fi
echo "$line"
[ "${S[watchdog.config_error]:-null}" = null ] || echo "  config problem: ${S[watchdog.config_error]}"

# --- The bots ---
printf '%-16s %-9s %-8s %-9s %-9s %-14s %s\n' BOT STATE PID UPTIME RESTARTS MEMORY 'LAST RESTART / NOTE'
i=0
while [ -n "${S[bots.$i.name]:-}" ]; do
    state=${S[bots.$i.state]:-?}
    bpid=${S[bots.$i.pid]:-null}
    [ "$bpid" = null ] && bpid=-
    [ "${S[bots.$i.adopted]:-false}" = true ] && bpid="$bpid*"
    mem=${S[bots.$i.memory_mb]:-null}
    limit=${S[bots.$i.memory_limit_mb]:-0}
    if [ "$mem" = null ]; then mem=-; elif [ "$limit" != 0 ]; then mem="$mem/${limit}MB"; else mem="${mem}MB"; fi
    note=''
    if [ "${S[bots.$i.last_restart.reason]:-}" != '' ]; then
        ago=$(seconds_since "${S[bots.$i.last_restart.at]:-}") && ago=" $(human_duration "$ago") ago"
        note="${S[bots.$i.last_restart.reason]} (${S[bots.$i.last_restart.detail]:-})${ago:-}"
    fi
    case $state in
        BACKOFF)
            wait_s=$(( $(date -u -d "${S[bots.$i.next_start_at]:-now}" +%s 2>/dev/null || date +%s) - $(date -u +%s) ))
            note="next start in $(human_duration $((wait_s < 0 ? 0 : wait_s))); $note" ;;
    esac
    [ "${S[bots.$i.crash_looping]:-false}" = true ] && note="CRASH LOOPING; $note"
    [ "${S[bots.$i.last_probe.ok]:-true}" = false ] && note="probe failing: ${S[bots.$i.last_probe.error]:-status ${S[bots.$i.last_probe.status]:-?}}; $note"
    printf '%-16s %-9s %-8s %-9s %-9s %-14s %s\n' "${S[bots.$i.name]}" "$state" "$bpid" \
        "$(human_duration "${S[bots.$i.uptime_seconds]:-0}")" "${S[bots.$i.restarts_total]:-0}" "$mem" "$note"
    [ "$state" = RUNNING ] || { [ "$rc" = 0 ] && rc=1; }
    i=$((i + 1))
done
[ "$i" -gt 0 ] || echo "(no bots configured)"
grep -q '"adopted" : true' "$ULTRA_STATUS_FILE" 2>/dev/null && echo "(* adopted: started by an earlier watchdog)"
exit $rc
