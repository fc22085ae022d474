#!/usr/bin/env bash
# Installs (once) the crontab lines that keep ultrawatch running: cron/ensure_running.sh every N minutes, and at
# boot. Run it as the user who runs the bots.
#
#   scripts/setup_bot_cron.sh [--every N] [--dry-run]     install, or replace ours (N minutes, 1-59, default 5)
#   scripts/setup_bot_cron.sh --remove [--dry-run]         remove our lines only
#
# Our lines end with the marker comment "# ultrawatch:<project folder>", so this script finds exactly its own lines
# (and those of this folder only: another checkout's lines are left alone). Every other line of the crontab is kept
# byte for byte. --dry-run prints the whole crontab it would install and changes nothing; without cron installed it
# prints our lines, then says on stderr what is missing (a dry run is how people look before they install).
#
# cron runs jobs with PATH=/usr/bin:/bin and almost no environment, so the line carries absolute paths: the project
# folder, and the java to use (JAVA_HOME when it is set, else the `java` found on PATH now), whose folder also leads
# the PATH, so a bot whose command is plain "java" gets the same one. It also records the bots' base environment
# (status/env.base: this shell's PATH, LANG, HOME... and the bots' env_inherit), which a watchdog cron revives gives
# its bots instead of cron's.
#
# Exit codes: 0 done (or nothing to do, or a dry run); 1 cron or crontab missing, java missing, crontab cannot be
# read or written; 2 bad arguments (usage error; the CLI's exit-code table, README "Exit codes").
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

every=5 dry_run=0 remove=0
while [ $# -gt 0 ]; do
    case $1 in
        --every)
            [ $# -ge 2 ] || { echo "--every needs a number of minutes (1-59)" >&2; exit 2; }
            every=$2; shift 2 ;;
        --every=*) every=${1#--every=}; shift ;;
        --dry-run) dry_run=1; shift ;;
        --remove) remove=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "Unknown argument '$1'." >&2; usage >&2; exit 2 ;;
    esac
done
case $every in '' | *[!0-9]*) echo "--every must be a whole number of minutes from 1 to 59, but was '$every'" >&2; exit 2 ;; esac
every=$((10#$every))
if [ "$every" -lt 1 ] || [ "$every" -gt 59 ]; then
    echo "--every must be a whole number of minutes from 1 to 59, but was $every" >&2
    exit 2
fi

MARKER=" # ultrawatch:$ULTRA_ROOT"
ENSURE="$ULTRA_ROOT/cron/ensure_running.sh"

# --- Is cron there? Change nothing when it is not. ---
install_hint="Install it with: apt-get install cron   (as root, or with sudo; on other systems the package may be cronie)"
# A dry run is how people look before they install: it still prints the lines, and the problem becomes a warning
# printed after them (on stderr), instead of a refusal.
cron_problem=''
have_crontab=1
if ! command -v crontab >/dev/null 2>&1; then
    have_crontab=0
    cron_problem="crontab not found: the cron package is not installed, so nothing can be installed yet."
fi
cron_bin=''
for c in cron crond /usr/sbin/cron /usr/sbin/crond /sbin/crond; do
    if command -v "$c" >/dev/null 2>&1; then cron_bin=$(command -v "$c"); break; fi
done
if [ -z "$cron_problem" ] && [ -z "$cron_bin" ] && [ "$remove" = 0 ]; then
    cron_problem="The cron daemon (cron or crond) is not installed: crontab exists, but nothing would run the line."
fi
if [ -n "$cron_problem" ] && [ "$dry_run" = 0 ]; then
    echo "${cron_problem%.}, so nothing was changed." >&2
    echo "$install_hint" >&2
    exit 1
fi

# True when a cron daemon process runs (read from /proc: no dependency on pgrep or systemd). A zombie "cron" left
# unreaped by the init of a container does not count.
cron_running() {
    local comm f
    for f in /proc/[0-9]*/comm; do
        { read -r comm < "$f"; } 2>/dev/null || continue
        case $comm in
            cron | crond)
                f=${f%/comm}
                ultra_alive "${f#/proc/}" && return 0 ;;
        esac
    done
    return 1
}

# Installed but not running: the line would never run. Warn (to stderr), do not fail: the user may start it later.
# (In a dry run without cron: the reason it is missing, and how to install it.)
warn_if_cron_stopped() {
    if [ -n "$cron_problem" ]; then
        echo "WARNING: $cron_problem" >&2
        echo "  $install_hint" >&2
        return 0
    fi
    cron_running && return 0
    echo "WARNING: the cron daemon ($cron_bin) is installed but not running, so these lines will not run until it starts:" >&2
    echo "  start it with: service cron start   (or: systemctl enable --now cron; without an init system: $cron_bin as root)" >&2
}

# cron gives '%' a meaning (newline) and our line quotes with '; a folder name with either cannot be put in it safely.
case $ULTRA_ROOT in
    *%* | *\'* | *$'\n'*)
        echo "The project folder '$ULTRA_ROOT' contains %, ' or a newline, which a crontab line cannot carry safely: move it and run again." >&2
        exit 1 ;;
esac

# --- The java to record. ---
java_env='' java_note=''
if [ "$remove" = 0 ]; then
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        java_dir="$JAVA_HOME/bin"
        java_env="JAVA_HOME='$JAVA_HOME' "
        java_note="JAVA_HOME=$JAVA_HOME (from your environment; its bin/java runs the watchdog)"
    elif java_path=$(command -v java 2>/dev/null) && [ -n "$java_path" ]; then
        java_dir=${java_path%/*}
        java_env="ULTRA_JAVA='$java_path' "
        java_note="java $java_path (found on PATH; JAVA_HOME is not set)"
        real=$(readlink -f "$java_path" 2>/dev/null) && [ "$real" != "$java_path" ] && java_note="$java_note -> $real"
    else
        echo "java not found (JAVA_HOME is not set and there is no java on PATH), so nothing was changed." >&2
        echo "Install a JDK 17 (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME, then run this again." >&2
        exit 1
    fi
    case $java_dir in *%* | *\'* | *$'\n'*) echo "The java folder '$java_dir' contains %, ' or a newline: set JAVA_HOME to another one." >&2; exit 1 ;; esac
    path="$java_dir:/usr/local/bin:/usr/bin:/bin"
    case $java_dir in /usr/bin | /bin | /usr/local/bin) path=/usr/local/bin:/usr/bin:/bin ;; esac
    if [ "$every" = 1 ]; then schedule='* * * * *'; else schedule="*/$every * * * *"; fi
    env_part="PATH='$path' $java_env"
    LINE_EVERY="$schedule ${env_part}'$ENSURE' --from cron$MARKER"
    LINE_REBOOT="@reboot ${env_part}'$ENSURE' --from reboot$MARKER"
fi

# --- Read the current crontab into a file (a variable would lose trailing newlines). ---
work=$(mktemp -d "${TMPDIR:-/tmp}/ultrawatch-cron.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
current="$work/current" wanted="$work/wanted"
if [ "$have_crontab" = 0 ]; then
    : > "$current"                 # dry run only (checked above): no crontab(1) to read, so none to keep
    had_crontab=0
elif ! crontab -l > "$current" 2> "$work/err"; then
    if grep -qi 'no crontab' "$work/err"; then
        : > "$current"             # no crontab yet: start from an empty one
        had_crontab=0
    else
        echo "Cannot read your crontab: $(cat "$work/err")" >&2
        exit 1
    fi
else
    had_crontab=1
fi

# Every line that is not ours, untouched (awk prints each record as read; ours end with the exact marker, so the
# lines of another checkout, whose folder merely starts like ours, are kept).
LC_ALL=C awk -v m="$MARKER" '{ n = length($0) - length(m) + 1; if (!(n >= 1 && substr($0, n) == m)) print }' \
    "$current" > "$wanted"
# A crontab must end with a newline (crontab refuses it otherwise); the awk above already guarantees that.
ours_before=$(LC_ALL=C awk -v m="$MARKER" '{ n = length($0) - length(m) + 1; if (n >= 1 && substr($0, n) == m) c++ } END { print c + 0 }' "$current")
if [ "$remove" = 0 ]; then
    printf '%s\n%s\n' "$LINE_EVERY" "$LINE_REBOOT" >> "$wanted"
fi

if [ "$dry_run" = 1 ]; then
    if [ "$remove" = 1 ]; then
        echo "# Dry run: the crontab after --remove ($ours_before line(s) of ours taken out), nothing changed:"
    else
        echo "# Dry run: the crontab that would be installed (java recorded: $java_note), nothing changed:"
    fi
    [ "$have_crontab" = 1 ] || echo "# (crontab(1) is missing, so your current crontab could not be read: only our lines are shown)"
    cat "$wanted"
    if [ "$remove" = 0 ] || [ -n "$cron_problem" ]; then warn_if_cron_stopped; fi
    exit 0
fi

# The environment the bots get when cron revives the watchdog: this shell's PATH, locale... (status/env.base).
env_note=''
if [ "$remove" = 0 ]; then
    if ultra_record_env; then
        env_note="  bots' environment: $ULTRA_RECORDED"
    else
        env_note="  bots' environment NOT recorded ($ULTRA_ERROR); scripts/start_ultra_reliable_bot.sh records it"
    fi
fi

if cmp -s "$current" "$wanted"; then
    if [ "$remove" = 1 ]; then
        echo "No ultrawatch lines for $ULTRA_ROOT in the crontab of $(id -un): nothing changed."
    else
        echo "Already installed with the same lines (every $every min, at boot): nothing changed."
        echo "  java recorded: $java_note"
        echo "$env_note"
        warn_if_cron_stopped
    fi
    exit 0
fi

# Install. An empty result (we removed the only lines there were) removes the crontab, as it was before us.
if [ ! -s "$wanted" ] && [ "$had_crontab" = 1 ]; then
    crontab -r 2> "$work/err" || { echo "Cannot remove the crontab: $(cat "$work/err")" >&2; exit 1; }
else
    crontab "$wanted" 2> "$work/err" || { echo "crontab refused the new table: $(cat "$work/err")" >&2; exit 1; }
fi

if [ "$remove" = 1 ]; then
    echo "Removed $ours_before ultrawatch line(s) for $ULTRA_ROOT from the crontab of $(id -un); other lines unchanged."
    echo "The suite itself keeps running: stop it with scripts/stop_ultra_reliable_bot.sh."
    exit 0
fi

echo "Installed for $(id -un): cron/ensure_running.sh every $every min and at boot:"
echo "  $LINE_EVERY"
echo "  $LINE_REBOOT"
echo "  java recorded: $java_note"
echo "$env_note"
echo "  revivals and problems are logged to $ULTRA_AUTO_LOG"
[ -f "$ULTRA_JAR" ] || echo "Note: $ULTRA_JAR is not built yet: run scripts/start_ultra_reliable_bot.sh (it builds it) before cron's first run."
warn_if_cron_stopped
echo "Remove with: scripts/setup_bot_cron.sh --remove"
