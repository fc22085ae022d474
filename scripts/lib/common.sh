# Shared by the ultrawatch shell scripts (sourced, not run). Plain bash + coreutils + util-linux: no JVM, no jq,
# so cron's ensure-running check stays fast.

ULTRA_ROOT=${ULTRA_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
ULTRA_JAR="$ULTRA_ROOT/watchdog/target/ultrawatch.jar"
ULTRA_BOT_JAR="$ULTRA_ROOT/demo-bot/target/demo-bot.jar"
ULTRA_STATUS_DIR="$ULTRA_ROOT/status"
ULTRA_LOG_DIR="$ULTRA_ROOT/logs"
ULTRA_STATUS_FILE="$ULTRA_STATUS_DIR/status.json"
ULTRA_LOCK="$ULTRA_STATUS_DIR/watchdog.lock"
ULTRA_PIDFILE="$ULTRA_STATUS_DIR/watchdog.pid"
ULTRA_STOPPED="$ULTRA_STATUS_DIR/STOPPED"
ULTRA_CONFIG=${ULTRA_CONFIG:-$ULTRA_ROOT/watchdog.yml}

# A small, always-on JVM: bounded heap, serial GC, C1 only, exit on OOM (cron brings it back). See
# shared/notes/jvm-footprint.md for what each flag saves.
ULTRA_JVM_OPTS=${ULTRA_JVM_OPTS:-"-Xmx32m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 \
-XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError"}

ultra_java() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        echo "$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        command -v java
    else
        return 1
    fi
}

ultra_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# Start time of a pid in clock ticks after boot (field 22 of /proc/PID/stat), as the pid files record it.
# The command name may hold spaces, so count fields after its closing parenthesis.
ultra_start_ticks() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    set -- $stat
    echo "${20}"
}

# Prints the watchdog's pid when the pid file names a live process with the recorded start time.
ultra_watchdog_pid() {
    local pid ticks now
    [ -r "$ULTRA_PIDFILE" ] || return 1
    read -r pid ticks < "$ULTRA_PIDFILE" || return 1
    [ -n "$pid" ] && [ -n "$ticks" ] || return 1
    now=$(ultra_start_ticks "$pid") || return 1
    [ "$now" = "$ticks" ] || return 1
    echo "$pid"
}

# True while some live process holds the watchdog's flock (the JVM takes it with flock(2), the same lock).
ultra_lock_held() {
    [ -e "$ULTRA_LOCK" ] || return 1
    ! flock -n "$ULTRA_LOCK" true 2>/dev/null
}

# A top-level string field of status.json's "watchdog" object, e.g. heartbeat_at. The file is our own
# pretty-printed JSON ("key" : "value"), so a line match is enough.
ultra_status_field() {
    sed -n "s/^ *\"$1\" : \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$ULTRA_STATUS_FILE" 2>/dev/null | head -n 1
}

# Builds the jars when they are missing (or when forced with ULTRA_REBUILD=1).
ultra_build_if_missing() {
    if [ "${ULTRA_REBUILD:-0}" = 1 ] || [ ! -f "$ULTRA_JAR" ] || [ ! -f "$ULTRA_BOT_JAR" ]; then
        if ! command -v mvn >/dev/null 2>&1; then
            echo "The watchdog is not built and Maven is missing: install it (apt-get install maven) and run again." >&2
            return 1
        fi
        echo "Building ultrawatch (first run only, about a minute)..."
        (cd "$ULTRA_ROOT" && mvn -q -B -DskipTests package) || {
            echo "Build failed: run 'mvn -DskipTests package' in $ULTRA_ROOT to see why." >&2
            return 1
        }
    fi
}

# Starts the watchdog detached: own session (it outlives this shell and cron), stdin from /dev/null, output to a
# file. Fd 9 (our start lock) is closed for it, or the JVM would hold the start lock for its whole life.
# Prints the new pid.
ultra_spawn_watchdog() {
    local java config_args=()
    java=$(ultra_java) || { echo "java not found: install a JDK 17 or set JAVA_HOME" >&2; return 1; }
    mkdir -p "$ULTRA_LOG_DIR" "$ULTRA_STATUS_DIR"
    [ -f "$ULTRA_CONFIG" ] && config_args=(--config "$ULTRA_CONFIG")
    cd "$ULTRA_ROOT" || return 1
    # shellcheck disable=SC2086
    MALLOC_ARENA_MAX=2 setsid "$java" $ULTRA_JVM_OPTS -jar "$ULTRA_JAR" run "${config_args[@]}" \
        </dev/null >>"$ULTRA_LOG_DIR/watchdog.console.log" 2>&1 9>&- &
    echo $!
}
