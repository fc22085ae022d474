# shellcheck shell=bash disable=SC2034 # the ULTRA_* variables set here are read by the scripts that source it
# Shared by the ultrawatch shell scripts (sourced, not run). Plain bash + coreutils + util-linux: no JVM, no jq,
# so cron's ensure-running check stays fast. The functions cron's fast path calls (ultra_proc, ultra_find_watchdog,
# ultra_heartbeat_age) set ULTRA_* variables instead of printing: a $(...) per call would fork a subshell, and a
# healthy check should cost one bash start and no fork at all.
#
# The status contract for scripts is status/heartbeat, one line the watchdog writes with status.json (atomically):
#   pid start_ticks heartbeat_epoch_ms hung_after_ms control_host control_port bots_total bots_running
# read with one `read -r`. The shell never parses status.json (that is for people and the CLI) and never computes
# the hung limit: the watchdog writes it (status/Liveness.java), the shell compares the heartbeat's age with it.
#
# Exit codes follow the CLI's table (README, "Exit codes"): 0 done, 1 the action failed, 2 usage error, 78 config
# invalid, 75 another watchdog is running, 70 internal error; status.sh is the CLI's `status` (0/1/3/4).
#
# The one lock everything shares: flock(2) on status/watchdog.lock. The JVM takes it with flock(2) for its whole life
# (not Java's FileChannel.lock, which is an fcntl lock that flock(1) cannot see) and the kernel frees it however the
# JVM dies, so it is never stale. Starters serialise on a second flock, status/start.lock, held from "is a watchdog
# running?" until the new JVM holds watchdog.lock, so two starters can never both see "none" and both spawn.

# Everything these scripts create (locks, markers, their logs) is for the watchdog's user only: another local user who
# could open status/watchdog.lock could hold its flock and keep every watchdog from starting (README, "Security and
# failure model"). The user's own umask is kept for the watchdog JVM, so the bots it starts see the umask they would
# get from their user; the JVM sets the modes of its own files itself.
ULTRA_USER_UMASK=$(umask)
umask 077

# The project folder, resolved physically (symlinks followed) with builtins only: the crontab line, the marker and the
# lock paths must name one folder however the script was called.
if [ -z "${ULTRA_ROOT:-}" ]; then
    _ultra_old_pwd=$PWD
    _ultra_lib=${BASH_SOURCE[0]%/*}
    [ "$_ultra_lib" = "${BASH_SOURCE[0]}" ] && _ultra_lib=.
    cd -P "$_ultra_lib/../.." && ULTRA_ROOT=$PWD
    cd "$_ultra_old_pwd" || exit 1
    unset _ultra_old_pwd _ultra_lib
fi
ULTRA_JAR="$ULTRA_ROOT/watchdog/target/ultrawatch.jar"
ULTRA_BOT_JAR="$ULTRA_ROOT/demo-bot/target/demo-bot.jar"
ULTRA_STATUS_DIR="$ULTRA_ROOT/status"
ULTRA_LOG_DIR="$ULTRA_ROOT/logs"
ULTRA_STATUS_FILE="$ULTRA_STATUS_DIR/status.json"
ULTRA_HEARTBEAT_FILE="$ULTRA_STATUS_DIR/heartbeat"
ULTRA_LOCK="$ULTRA_STATUS_DIR/watchdog.lock"
ULTRA_START_LOCK="$ULTRA_STATUS_DIR/start.lock"
ULTRA_PIDFILE="$ULTRA_STATUS_DIR/watchdog.pid"
ULTRA_STOPPED="$ULTRA_STATUS_DIR/STOPPED"
ULTRA_AUTO_LOG="$ULTRA_LOG_DIR/auto_restart.log"
ULTRA_START_LOG="$ULTRA_LOG_DIR/ultra_start.log"
ULTRA_CONSOLE_LOG="$ULTRA_LOG_DIR/watchdog.console.log"
ULTRA_CONFIG=${ULTRA_CONFIG:-$ULTRA_ROOT/watchdog.yml}

# How long a starter waits for the new JVM to take its lock before calling the start failed; also how long cron
# gives a watchdog that holds the lock to write its first heartbeat before calling it stuck at start.
ULTRA_SPAWN_TIMEOUT=${ULTRA_SPAWN_TIMEOUT:-60}
# Exit codes shared with the CLI (watchdog/src/main/java/io/ultrawatch/watchdog/cli/ExitCodes.java).
ULTRA_EX_FAILED=1 ULTRA_EX_USAGE=2 ULTRA_EX_ANOTHER_WATCHDOG=75 ULTRA_EX_CONFIG=78
ULTRA_STATUS_UNKNOWN=4

# A small, always-on JVM: bounded heap, serial GC, C1 only, exit on OOM (cron brings it back). See
# docs/jvm-footprint.md for what each flag saves.
# -Xms8m lets the heap start small (the live set is a few MB), TrimNativeHeapInterval hands freed malloc memory
# back to the OS every 10 s: together about 8 MB less resident than the defaults with -Xmx32m alone.
ULTRA_JVM_OPTS=${ULTRA_JVM_OPTS:-"-Xms8m -Xmx32m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
-XX:CICompilerCount=1 -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData \
-XX:TrimNativeHeapInterval=10000 -XX:+ExitOnOutOfMemoryError"}
# A short-lived CLI run (status, check-config): starts fast, stays small.
ULTRA_CLI_JVM_OPTS="-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"

# The java to run: ULTRA_JAVA (what setup_bot_cron.sh records in the crontab line), else JAVA_HOME, else PATH.
ultra_java() {
    if [ -n "${ULTRA_JAVA:-}" ] && [ -x "$ULTRA_JAVA" ]; then
        echo "$ULTRA_JAVA"
    elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        echo "$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        command -v java
    else
        return 1
    fi
}

ultra_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# Joins stdin's lines with $1, so a multi-line message stays one log line.
ultra_join() { awk -v sep="$1" 'NR > 1 { printf "%s", sep } { printf "%s", $0 } END { if (NR) print "" }'; }

# Milliseconds since the epoch, from bash's own clock (no fork).
ultra_now_ms() {
    local us=${EPOCHREALTIME/[.,]/}
    ULTRA_NOW_MS=$((us / 1000))
}

# Reads /proc/PID/stat into ULTRA_PROC_STATE (R, S, T, Z...) and ULTRA_PROC_TICKS (start time in clock ticks after
# boot, field 22, as the pid files record it). False when there is no such process. The command name (field 2) may
# hold spaces and parentheses, so the fields are counted after its last ')'.
ultra_proc() {
    local stat
    local -a f
    ULTRA_PROC_STATE='' ULTRA_PROC_TICKS=''
    case $1 in '' | *[!0-9]*) return 1 ;; esac
    { read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 1
    read -r -a f <<< "${stat##*) }"
    ULTRA_PROC_STATE=${f[0]} ULTRA_PROC_TICKS=${f[19]}
}

# True when PID is alive (not a zombie: this machine's init may never reap an orphan) and started at TICKS, i.e. it is
# still the process a pid file recorded and not an unrelated one that got the recycled pid.
ultra_alive() {
    ultra_proc "$1" || return 1
    case $ULTRA_PROC_STATE in Z | X) return 1 ;; esac
    [ -z "${2:-}" ] || [ "$ULTRA_PROC_TICKS" = "$2" ]
}

# Reads a "<pid> <ticks>" pid file into ULTRA_PF_PID and ULTRA_PF_TICKS. False when missing or malformed. Fields after
# the two are ignored (a bot's pid file adds the start's cookie and command fingerprint, see PidFile.java).
ultra_read_pidfile() {
    ULTRA_PF_PID='' ULTRA_PF_TICKS=''
    { read -r ULTRA_PF_PID ULTRA_PF_TICKS _ < "$1"; } 2>/dev/null
    case $ULTRA_PF_PID in '' | *[!0-9]*) return 1 ;; esac
    case $ULTRA_PF_TICKS in '' | *[!0-9]*) return 1 ;; esac
}

# Sets ULTRA_WD_PID when watchdog.pid names a live process with the recorded start time. The JVM writes that file
# right after it takes watchdog.lock and holds the lock until it dies, so a live match is the lock holder: the fast
# path needs no lock probe.
ultra_find_watchdog() {
    ULTRA_WD_PID=''
    ultra_read_pidfile "$ULTRA_PIDFILE" || return 1
    ultra_alive "$ULTRA_PF_PID" "$ULTRA_PF_TICKS" || return 1
    ULTRA_WD_PID=$ULTRA_PF_PID
}

# Reads status/heartbeat (format above; fields are only ever added at the end, hence the trailing `_`) into
# ULTRA_HB_PID, ULTRA_HB_TICKS, ULTRA_HB_AT_MS (heartbeat, ms since the epoch), ULTRA_HB_LIMIT_MS (hung after),
# ULTRA_HB_HOST and ULTRA_HB_PORT (the control server, '-' when off), ULTRA_HB_BOTS and ULTRA_HB_RUNNING. False when
# missing or malformed. One `read`, no fork.
ultra_read_heartbeat() {
    local v
    ULTRA_HB_PID='' ULTRA_HB_TICKS='' ULTRA_HB_AT_MS='' ULTRA_HB_LIMIT_MS='' ULTRA_HB_HOST='' ULTRA_HB_PORT=''
    ULTRA_HB_BOTS='' ULTRA_HB_RUNNING=''
    { read -r ULTRA_HB_PID ULTRA_HB_TICKS ULTRA_HB_AT_MS ULTRA_HB_LIMIT_MS ULTRA_HB_HOST ULTRA_HB_PORT \
        ULTRA_HB_BOTS ULTRA_HB_RUNNING _ < "$ULTRA_HEARTBEAT_FILE"; } 2>/dev/null || return 1
    for v in "$ULTRA_HB_PID" "$ULTRA_HB_AT_MS" "$ULTRA_HB_LIMIT_MS" "$ULTRA_HB_BOTS" "$ULTRA_HB_RUNNING"; do
        case $v in '' | *[!0-9]*) return 1 ;; esac
    done
}

# Sets ULTRA_HB_AGE_MS to the age of the heartbeat (and the ULTRA_HB_* fields) when status/heartbeat was written by
# watchdog PID (started at TICKS, when given); false when it holds no heartbeat of that watchdog (not written yet, or
# left by an earlier one). No fork: bash's own clock. A heartbeat from the future (the clock stepped back) is fresh.
ultra_heartbeat_age() {
    ULTRA_HB_AGE_MS=''
    ultra_read_heartbeat || return 1
    [ "$ULTRA_HB_PID" = "$1" ] || return 1
    [ -z "${2:-}" ] || [ "$ULTRA_HB_TICKS" = "$2" ] || return 1
    ultra_now_ms
    ULTRA_HB_AGE_MS=$((ULTRA_NOW_MS - ULTRA_HB_AT_MS))
    [ "$ULTRA_HB_AGE_MS" -ge 0 ] || ULTRA_HB_AGE_MS=0
}

# After ultra_heartbeat_age: true when the watchdog is hung. The rule of status/Liveness.java (age > limit), with the
# limit the watchdog itself wrote, so the CLI, /healthz and cron can never disagree.
ultra_hung() {
    [ "$ULTRA_HB_AGE_MS" -gt "$ULTRA_HB_LIMIT_MS" ]
}

# Seconds PID has been running (from its start ticks and /proc/uptime). Slow path only: getconf forks.
ultra_process_age() {
    local up hz
    ultra_proc "$1" || return 1
    read -r up _ < /proc/uptime || return 1
    hz=$(getconf CLK_TCK 2>/dev/null) || hz=100
    echo $(( ${up%.*} - ULTRA_PROC_TICKS / hz ))
}

# The command line of PID, for messages ("pid 4242 is now another process: sleep 1000").
ultra_cmdline() {
    local c
    c=$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null) || return 1
    c=${c% }
    [ ${#c} -le 120 ] || c="${c:0:117}..."
    echo "$c"
}

# True while some live process holds watchdog.lock. Taking the lock for a moment is how flock(1) asks, so a JVM
# trying to lock in that same instant would lose and exit 75: callers hold start.lock, under which no starter of ours
# is between spawning a JVM and that JVM holding its lock.
ultra_lock_held() {
    [ -e "$ULTRA_LOCK" ] || return 1
    ! flock -n "$ULTRA_LOCK" true 2>/dev/null
}

# Sets ULTRA_HOLDER to the pid that /proc/locks shows holding an flock on watchdog.lock's inode, confirmed by that
# process having the file open. Read-only (it takes no lock), so it is safe anywhere; false when none is found.
ultra_lock_holder_proc() {
    local ino line pid fd
    ULTRA_HOLDER=''
    ino=$(stat -L -c %i "$ULTRA_LOCK" 2>/dev/null) || return 1
    while read -r line; do
        set -f
        # shellcheck disable=SC2086 # split the /proc/locks line into its fields
        set -- $line
        set +f
        [ "$2" = FLOCK ] || continue             # "N: -> FLOCK ..." lines are waiters, not holders
        case $6 in *":$ino") ;; *) continue ;; esac
        pid=$5
        for fd in /proc/"$pid"/fd/*; do
            if [ "$(readlink "$fd" 2>/dev/null)" = "$ULTRA_LOCK" ]; then
                ULTRA_HOLDER=$pid
                return 0
            fi
        done
    done < /proc/locks 2>/dev/null
    return 1
}

# A lock held by a process of another user is never a watchdog of ours: another user who opened watchdog.lock while
# status/ was open to others (an older version) could hold its flock for good and keep every watchdog out. Under
# start.lock, such a lock file is moved aside (status/watchdog.lock.held-by-uid-N) and a fresh one takes its place,
# which every watchdog and script opens from then on. True (and ULTRA_EVICTED says what was done) when it did so.
ultra_evict_foreign_lock() {
    local ino line pid uid aside
    ULTRA_EVICTED=''
    ultra_lock_held || return 1
    ino=$(stat -L -c %i "$ULTRA_LOCK" 2>/dev/null) || return 1
    while read -r line; do
        set -f
        # shellcheck disable=SC2086 # split the /proc/locks line into its fields
        set -- $line
        set +f
        [ "$2" = FLOCK ] || continue
        case $6 in *":$ino") ;; *) continue ;; esac
        pid=$5
        uid=$(stat -c %u "/proc/$pid" 2>/dev/null) || continue
        # Ours (a watchdog or a script of this user, or of the user who owns status/, e.g. when root runs this for
        # them): never evicted.
        [ "$uid" = "$EUID" ] || [ "$uid" = "$(stat -c %u "$ULTRA_STATUS_DIR" 2>/dev/null)" ] && return 1
        aside="$ULTRA_LOCK.held-by-uid-$uid"
        mv -f "$ULTRA_LOCK" "$aside" 2>/dev/null || return 1
        ULTRA_EVICTED="watchdog lock $ULTRA_LOCK was held by pid $pid of uid $uid, not by a watchdog of $(id -un): moved aside to $aside, a fresh lock file takes its place"
        return 0
    done < /proc/locks 2>/dev/null
    return 1
}

# Sets ULTRA_HOLDER to the pid holding watchdog.lock: false when nobody holds it. The pid file normally names it;
# when that file is gone or stale (someone deleted it) /proc/locks does. ULTRA_HOLDER='?' when it is held by a
# process neither can name. Probes the lock (see ultra_lock_held): call it under start.lock.
ultra_lock_holder() {
    ULTRA_HOLDER=''
    ultra_lock_held || return 1
    if ultra_find_watchdog; then
        ULTRA_HOLDER=$ULTRA_WD_PID
    elif ! ultra_lock_holder_proc; then
        ULTRA_HOLDER='?'
    fi
    return 0
}

# Waits up to $1 seconds until nobody holds watchdog.lock.
ultra_wait_lock_free() {
    local deadline=$((SECONDS + $1))
    while ultra_lock_held; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.05
    done
}

# Builds the jars when they are missing (or when forced with ULTRA_REBUILD=1).
ultra_build_if_missing() {
    if [ "${ULTRA_REBUILD:-0}" = 1 ] || [ ! -f "$ULTRA_JAR" ] || [ ! -f "$ULTRA_BOT_JAR" ]; then
        if ! command -v mvn >/dev/null 2>&1; then
            echo "The watchdog is not built and Maven is missing: install it (apt-get install maven) and run again." >&2
            return 1
        fi
        echo "Building ultrawatch (first run only, about a minute)..."
        # Maven 3.8 prints bare colour resets even with -B; strip them so the start output stays clean.
        (cd "$ULTRA_ROOT" && set -o pipefail && mvn -q -B -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g') || {
            echo "Build failed: run 'mvn -DskipTests package' in $ULTRA_ROOT to see why." >&2
            return 1
        }
    fi
}

# Records the bots' base environment in status/env.base (mode 0600): PATH, LANG, LC_ALL, HOME, USER, LOGNAME, TZ,
# SHELL and the names of the bots' env_inherit, from this shell (README, "What a bot's environment is"). Only what a
# person runs calls it (the start and cron setup scripts); cron never does, so a bot restarted by a watchdog that
# cron revived gets the person's PATH and locale, not cron's. Sets ULTRA_RECORDED to the line naming what was recorded
# (names only, never a value); false with ULTRA_ERROR set when it could not (no jar or java yet: the start reports
# those; a config error: the recorded file then has the fixed names only).
ultra_record_env() {
    local java out config_args=()
    ULTRA_RECORDED='' ULTRA_ERROR=''
    [ -f "$ULTRA_JAR" ] || { ULTRA_ERROR="$ULTRA_JAR is not built yet"; return 1; }
    java=$(ultra_java) || { ULTRA_ERROR="java not found"; return 1; }
    [ -f "$ULTRA_CONFIG" ] && config_args=(--config "$ULTRA_CONFIG")
    # shellcheck disable=SC2086 # a list of flags
    if ! out=$(cd "$ULTRA_ROOT" && "$java" $ULTRA_CLI_JVM_OPTS -jar "$ULTRA_JAR" record-env "${config_args[@]}" 2>&1); then
        ULTRA_ERROR=$(printf '%s\n' "$out" | ultra_join '; ')
        return 1
    fi
    ULTRA_RECORDED=$(printf '%s\n' "$out" | grep '^Recorded' | tail -n 1)
}

# Starts the watchdog detached: own session (it outlives this shell and cron), stdin from /dev/null, output to a
# file (never a pipe: cron waits for, and mails, whatever holds its pipe open). Fd 9 (our start lock) is closed for
# it, or the JVM would hold the start lock for its whole life. Prints the new pid.
ultra_spawn_watchdog() {
    local java config_args=()
    java=$(ultra_java) || { echo "java not found: install a JDK 17 or set JAVA_HOME" >&2; return 1; }
    mkdir -p "$ULTRA_LOG_DIR" "$ULTRA_STATUS_DIR"
    [ -f "$ULTRA_CONFIG" ] && config_args=(--config "$ULTRA_CONFIG")
    cd "$ULTRA_ROOT" || return 1
    # shellcheck disable=SC2086 # ULTRA_JVM_OPTS is a list of flags
    (umask "$ULTRA_USER_UMASK" && MALLOC_ARENA_MAX=2 exec setsid "$java" $ULTRA_JVM_OPTS -jar "$ULTRA_JAR" run \
        "${config_args[@]}" </dev/null >>"$ULTRA_CONSOLE_LOG" 2>&1 9>&-) &
    echo $!
}

# What stops a start before any JVM runs: sets ULTRA_ERROR and returns 1 (no jar, no java) or 78 (a watchdog.yml
# that moves status/ or logs/: these scripts and cron would then look for the lock and status in the wrong place).
ultra_preflight() {
    local java dirs status_dir log_dir key value want
    ULTRA_ERROR=''
    if [ ! -f "$ULTRA_JAR" ]; then
        ULTRA_ERROR="watchdog jar missing: $ULTRA_JAR; build it with: cd $ULTRA_ROOT && mvn -q -B -DskipTests package"
        return 1
    fi
    if ! ultra_java >/dev/null; then
        ULTRA_ERROR="java not found (ULTRA_JAVA, JAVA_HOME and PATH tried): install a JDK 17 (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME; for cron, run scripts/setup_bot_cron.sh again afterwards"
        return 1
    fi
    if [ -f "$ULTRA_CONFIG" ]; then
        # The folders come from the watchdog's own config loader (`ultrawatch dirs`), never from grepping YAML: a
        # flow-style `watchdog: {status_dir: x}` is as valid as a block. An invalid config is left to the start,
        # which reports it with every error (ultra_diagnose_failed_start).
        java=$(ultra_java)
        # shellcheck disable=SC2086 # a list of flags
        if dirs=$(cd "$ULTRA_ROOT" && "$java" $ULTRA_CLI_JVM_OPTS -jar "$ULTRA_JAR" dirs --config "$ULTRA_CONFIG" 2>/dev/null); then
            IFS=$'\t' read -r status_dir log_dir <<< "$dirs"
            for want in status logs; do
                if [ "$want" = status ]; then value=$status_dir key=status_dir; else value=$log_dir key=log_dir; fi
                [ "$value" = "$ULTRA_ROOT/$want" ] && continue
                ULTRA_ERROR="config not supported by the scripts: $ULTRA_CONFIG sets watchdog.$key to $value, but the start/stop scripts and cron look for the lock, pid files and status.json in $ULTRA_ROOT/$want; remove that key"
                return $ULTRA_EX_CONFIG
            done
        fi
    fi
}

# After a spawned JVM died before taking its lock: sets ULTRA_ERROR to why, and returns 78 when the config is invalid
# (the JVM's `check-config` lists every error with file and field), 75 when another watchdog got the lock, 1
# otherwise.
ultra_diagnose_failed_start() {
    local java out tail_lines
    java=$(ultra_java)
    if [ -f "$ULTRA_CONFIG" ]; then
        # shellcheck disable=SC2086 # a list of flags
        if ! out=$("$java" $ULTRA_CLI_JVM_OPTS -jar "$ULTRA_JAR" check-config "$ULTRA_CONFIG" 2>&1); then
            out=$(printf '%s\n' "$out" | grep -v -e 'error(s) in' -e '^warning: ' | ultra_join '; ')
            ULTRA_ERROR="config invalid (java -jar $ULTRA_JAR check-config $ULTRA_CONFIG): $out"
            return $ULTRA_EX_CONFIG
        fi
    fi
    if ultra_lock_holder; then
        ULTRA_ERROR="another watchdog (pid $ULTRA_HOLDER) took the lock first"
        return $ULTRA_EX_ANOTHER_WATCHDOG
    fi
    tail_lines=$(tail -n 5 "$ULTRA_CONSOLE_LOG" 2>/dev/null | ultra_join ' | ')
    ULTRA_ERROR="the watchdog exited at start; last lines of $ULTRA_CONSOLE_LOG: ${tail_lines:-(empty)}"
    return 1
}

# A watchdog that fails at start the same way at every cron run would add the same lines (a stack trace, say) to the
# console log every 5 minutes. The output of this failed start (from byte OFFSET on) is kept only when it differs
# from the previous failed start's (numbers such as times and pids aside); otherwise it is cut and one line under
# the first copy counts the repeats ("same start failure as the last 12 runs"), rewritten in place.
ultra_squash_start_output() {
    local offset=$1 f=$ULTRA_CONSOLE_LOG prev="$ULTRA_CONSOLE_LOG.last" key last='' n=1
    key=$(tail -c +$((offset + 1)) "$f" 2>/dev/null | tr -d '0-9' | cksum) || return 0
    key=${key// /_}
    { IFS= read -r last < "$prev"; } 2>/dev/null
    if [ -n "$last" ] && [ "${last#* }" = "$key" ]; then
        n=$(( ${last%% *} + 1 ))
        truncate -s "$offset" "$f" 2>/dev/null || return 0
        if [ "$n" -gt 2 ] && [[ $(tail -n 1 "$f" 2>/dev/null) == *" same start failure as the last "* ]]; then
            sed -i '$d' "$f" 2>/dev/null
        fi
        { echo "$(ultra_now) same start failure as the last $n runs (the output above)" >> "$f"; } 2>/dev/null
    fi
    { echo "$n $key" > "$prev"; } 2>/dev/null
    return 0
}

# Spawns the watchdog and waits until it holds watchdog.lock (its pid file names it), so the caller can release
# start.lock knowing the next starter will see it. Sets ULTRA_NEW_PID and returns 0; on failure sets ULTRA_ERROR and
# returns what ultra_preflight or ultra_diagnose_failed_start returned.
ultra_start_watchdog() {
    local pid deadline rc offset
    ULTRA_NEW_PID='' ULTRA_ERROR=''
    ultra_preflight || return $?
    # The console log is created here under our umask (0600), bounded, and where this start's output begins noted.
    ultra_trim_log "$ULTRA_CONSOLE_LOG"
    { : >> "$ULTRA_CONSOLE_LOG"; } 2>/dev/null
    offset=$(stat -c %s "$ULTRA_CONSOLE_LOG" 2>/dev/null) || offset=''
    pid=$(ultra_spawn_watchdog 2>&1) || { ULTRA_ERROR="cannot spawn the watchdog: $pid"; return 1; }
    deadline=$((SECONDS + ULTRA_SPAWN_TIMEOUT))
    while :; do
        if ultra_find_watchdog && [ "$ULTRA_WD_PID" = "$pid" ]; then
            ULTRA_NEW_PID=$pid
            rm -f "$ULTRA_CONSOLE_LOG.last" 2>/dev/null
            return 0
        fi
        # Its pid file is best effort (a full disk): the lock, as /proc/locks shows it, is the truth.
        if ultra_lock_holder_proc && [ "$ULTRA_HOLDER" = "$pid" ]; then
            ULTRA_NEW_PID=$pid
            rm -f "$ULTRA_CONSOLE_LOG.last" 2>/dev/null
            return 0
        fi
        if ! ultra_alive "$pid"; then
            ultra_diagnose_failed_start
            rc=$?
            [ -n "$offset" ] && ultra_squash_start_output "$offset"
            return $rc
        fi
        if [ $SECONDS -ge $deadline ]; then
            # Alive but not locked after a minute: leave it be (it may be a very slow machine); the next run decides.
            ULTRA_NEW_PID=$pid
            ULTRA_ERROR="the watchdog (pid $pid) has not taken its lock after ${ULTRA_SPAWN_TIMEOUT} s; see $ULTRA_CONSOLE_LOG"
            return 1
        fi
        sleep 0.05
    done
}

# Asks the watchdog's own /healthz, at the address status/heartbeat names (read it first: ultra_read_heartbeat),
# whether its loops run. Sets ULTRA_HEALTHZ: ok (200), fail (503, refused, or no full answer within 3 s: a stuck JVM
# still accepts connections), or unknown (no control server, or an answer we cannot judge, e.g. 401 when
# open_metrics is off); ULTRA_HEALTHZ_PID to the pid the answer names; ULTRA_HEALTHZ_WRITE_FAILING=1 when it says the
# watchdog cannot write its status files (a full disk: its heartbeat file then goes stale while it supervises on).
# Plain bash /dev/tcp (IPv4, IPv6 literals and host names alike: bash resolves them): no curl needed. A failed
# /healthz is only a hint: any local user can make a connection fail, so it never decides a kill on its own.
ultra_healthz() {
    local host=$ULTRA_HB_HOST port=$ULTRA_HB_PORT
    ULTRA_HEALTHZ=unknown ULTRA_HEALTHZ_PID='' ULTRA_HEALTHZ_WRITE_FAILING=''
    case $port in '' | *[!0-9]*) return 0 ;; esac
    case $host in '' | -) return 0 ;; esac
    # A connection the server resets must fail the check, not kill this script with SIGPIPE.
    trap '' PIPE
    ultra_healthz_ask
    trap - PIPE
    return 0
}

ultra_healthz_ask() {
    local host=$ULTRA_HB_HOST port=$ULTRA_HB_PORT hostport fd line body='' status='' deadline
    hostport="$host:$port"
    [ "${host#*:}" = "$host" ] || hostport="[$host]:$port"      # an IPv6 literal, as the Host header wants it
    if ! exec {fd}<>"/dev/tcp/$host/$port" 2>/dev/null; then
        ULTRA_HEALTHZ=fail
        return 0
    fi
    if ! printf 'GET /healthz HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&"$fd" 2>/dev/null; then
        exec {fd}>&-
        ULTRA_HEALTHZ=fail
        return 0
    fi
    deadline=$((SECONDS + 3))
    if ! read -r -t 3 -u "$fd" status 2>/dev/null; then
        exec {fd}>&-
        ULTRA_HEALTHZ=fail
        return 0
    fi
    # HTTP/1.0: the server closes after the body, which is one short JSON object.
    while [ $SECONDS -le $deadline ] && IFS= read -r -t 1 -u "$fd" line 2>/dev/null; do
        body+=$line
    done
    body+=$line
    exec {fd}>&-
    if [[ $status == "HTTP/"*" 200"* ]]; then
        ULTRA_HEALTHZ=ok
    elif [[ $status == "HTTP/"*" 503"* ]]; then
        ULTRA_HEALTHZ=fail
    fi
    [[ $body =~ \"pid\"\ *:\ *([0-9]+) ]] && ULTRA_HEALTHZ_PID=${BASH_REMATCH[1]}
    [[ $body =~ \"status_write_failing\"\ *:\ *true ]] && ULTRA_HEALTHZ_WRITE_FAILING=1
}

# Every log these scripts write is bounded: over ULTRA_LOG_MAX_KB (1024) it is cut to its last ULTRA_LOG_KEEP_KB
# (256), whole lines only. Called before appending, so a log nobody reads never fills the disk.
ULTRA_LOG_MAX_KB=${ULTRA_LOG_MAX_KB:-1024}
ULTRA_LOG_KEEP_KB=${ULTRA_LOG_KEEP_KB:-256}
ultra_trim_log() {
    local f=$1 size tmp
    size=$(stat -c %s "$f" 2>/dev/null) || return 0
    [ "$size" -gt $((ULTRA_LOG_MAX_KB * 1024)) ] || return 0
    tmp="$f.trim.$$"
    { echo "$(ultra_now) [older lines dropped: this log keeps its last ${ULTRA_LOG_KEEP_KB} KB]"
      tail -c $((ULTRA_LOG_KEEP_KB * 1024)) "$f" | tail -n +2; } > "$tmp" 2>/dev/null && mv -f "$tmp" "$f" \
        || rm -f "$tmp"
}

# Appends "<time> MESSAGE" to log FILE, bounded (ultra_trim_log). With a third argument `failure`, a failure equal to
# the previous one (cron failing the same way every 5 minutes) is not repeated: one line under it counts the repeats,
# rewritten in place ("same failure as the last 12 runs"); numbers (pids, ages) do not make a failure different. Any
# other line ends the count. False when the file cannot be written (full disk, no permission).
ultra_log_append() {
    local f=$1 msg=$2 kind=${3:-} last='' n=1 prev="$1.last" key
    key=${msg//[0-9]/}
    ultra_trim_log "$f"
    if [ "$kind" != failure ]; then
        rm -f "$prev" 2>/dev/null
        { echo "$(ultra_now) $msg" >> "$f"; } 2>/dev/null
        return
    fi
    { IFS= read -r last < "$prev"; } 2>/dev/null
    if [ -n "$last" ] && [ "${last#* }" = "$key" ]; then
        n=$(( ${last%% *} + 1 ))
        # Replace our previous count line, if it is still the last line, with the new count.
        if [ "$n" -gt 2 ] && [[ $(tail -n 1 "$f" 2>/dev/null) == *" same failure as the last "* ]]; then
            sed -i '$d' "$f" 2>/dev/null
        fi
        { echo "$(ultra_now) same failure as the last $n runs (the line above)" >> "$f"; } 2>/dev/null || return 1
    else
        { echo "$(ultra_now) $msg" >> "$f"; } 2>/dev/null || return 1
    fi
    { echo "$n $key" > "$prev"; } 2>/dev/null
    return 0
}

# True when DIR takes a real write (a few bytes, not just an empty file: a full disk still creates empty files).
ultra_dir_writable() {
    local probe="$1/.ultrawatch-write-test.$$"
    if { echo "ultrawatch write test" > "$probe"; } 2>/dev/null; then
        rm -f "$probe"
        return 0
    fi
    rm -f "$probe" 2>/dev/null
    return 1
}

# Bots whose pid files name live processes (pid + start time), whoever started them.
ultra_bot_pids() {
    local f
    for f in "$ULTRA_STATUS_DIR"/*.pid; do
        [ -e "$f" ] && [ "${f##*/}" != watchdog.pid ] || continue
        ultra_read_pidfile "$f" || continue
        ultra_alive "$ULTRA_PF_PID" "$ULTRA_PF_TICKS" && echo "$ULTRA_PF_PID"
    done
}
