#!/usr/bin/env bash
# Prints a human summary of ultrawatch: is the watchdog running and responsive, and how is each bot.
#   scripts/status.sh [--json]
# It runs the CLI's `ultrawatch status` (a short-lived small JVM), so its exit codes and its rule for a hung watchdog
# are exactly the CLI's (README, "Exit codes"), LSB style, for scripts and monitoring:
#   0  the watchdog is up and every bot is RUNNING
#   1  the watchdog is up, but a bot is not RUNNING (starting, backing off, stopped)
#   3  the watchdog is not running (stopped deliberately, or dead: cron's ensure_running.sh will revive it)
#   4  unknown: the watchdog is hung (its heartbeat is older than the limit it wrote into status/heartbeat; cron's
#      ensure_running.sh replaces it), or its status cannot be read (also: no java, no jar to ask)
# cron never runs this: its check stays JVM-free (cron/ensure_running.sh reads status/heartbeat itself).
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

echo "ultrawatch in $ULTRA_ROOT"
if ! java=$(ultra_java); then
    echo "status unknown: java not found (ULTRA_JAVA, JAVA_HOME and PATH tried); install a JDK 17 or set JAVA_HOME." >&2
    echo "  the raw status is in $ULTRA_STATUS_FILE" >&2
    exit "$ULTRA_STATUS_UNKNOWN"
fi
if [ ! -f "$ULTRA_JAR" ]; then
    echo "status unknown: the watchdog jar is missing ($ULTRA_JAR); build it with: cd $ULTRA_ROOT && mvn -q -B -DskipTests package" >&2
    echo "  the raw status is in $ULTRA_STATUS_FILE" >&2
    exit "$ULTRA_STATUS_UNKNOWN"
fi
# --status-dir: the folder these scripts and cron use, whatever folder this is called from.
# shellcheck disable=SC2086 # a list of flags
exec "$java" $ULTRA_CLI_JVM_OPTS -jar "$ULTRA_JAR" status --status-dir "$ULTRA_STATUS_DIR" "$@"
