#!/usr/bin/env bash
# The benchmark of issue 6: the same bench bot and the same faults under ultrawatch, supervisord and monit, under two
# profiles (issue 18): same-budget (every tool at 1 s checks, 1 s timeout, action on the first failure, memory every
# 1 s, stop grace 2 s) and tightest (as tight as each tool allows). Plain scenarios inject their fault only after the
# tool has settled by its own rule (monit: its 10 s start timeout + 1 s after the bot's start).
#   bench/run.sh            full run, about 60 min (55-65 on a shared 2-core host; it needs the CPU to itself): all
#                           three tools; timing scenarios 3 trials per tool under each profile (~20 min with orphans;
#                           supervisord once, its config is the same under both), chaos under same-budget at two
#                           densities x 10 min with the three tools concurrently (~20 min), idle/idle-busy and
#                           scale/scale_notify at 1, 50 and 200 bots with 30 s warm-up + 60 s window (~16 min),
#                           notify_hang 10 trials per health check (~1.5 min), watchdog_killed; results into
#                           bench/results/full-run.{json,md,png}
#   bench/run.sh --quick    CI mode: ultrawatch only, same-budget only, one trial per scenario (notify_hang: one per
#                           health check), one 30 s chaos (a few minutes), no idle-busy or scale_notify, results into
#                           bench/target/quick/; exits non-zero only when a scenario did not recover at all
# Any other option goes to the harness (bench/src/main/java/io/ultrawatch/bench/BenchCommand.java; bench/run.sh --help
# lists them all with their defaults; a bad value exits 2):
#   --profile same-budget|tightest|both (default both; same-budget with --quick),
#   --trials N (per timing scenario and profile; per health check of notify_hang, default 10), --tools a,b,
#   --scenarios a,b (crash hang hang_after_restart hardhang leak stop_ignoring_term orphans idle idle-busy scale
#   scale_notify notify_hang watchdog_killed chaos), --port P (default 18100; chaos uses P, P+1, P+2; scale and
#   scale_notify P+1..P+200; the harness refuses to start when a port it needs is taken), --seed N (fault schedule
#   and phase delays),
#   --out DIR, --name NAME,
#   --chaos-seconds S (per density, default 600), --chaos-gap-s MIN-MAX (seconds between faults; given: only that
#   density runs; absent: "stress" 8-20 and "sparse" 60-120),
#   --warmup-s S / --window-s S (idle, idle-busy, scale and scale_notify; default 30 / 60),
#   --ultra-memory-sample-ms N / --ultra-status-interval-ms N (ultrawatch in idle, scale and scale_notify; 0 = the
#   profile's),
#   --ultra-health-stop-grace-ms N (health.stop_grace of the tightest profile, default 500; 0 = not written),
#   --ultra-jvm-extra "JVM FLAGS" (e.g. JFR for a profiling run).
# Installs what it needs from Debian when missing (python3; supervisor and monit unless --quick).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

quick=0 help=0
for a in "$@"; do
    case $a in
        --quick) quick=1 ;;
        -h | --help | -V | --version) help=1 ;;
    esac
done
if [ "$help" = 1 ]; then
    # Only the harness's help: nothing to install, no subreaper.
    # shellcheck source=../scripts/lib/common.sh
    source "$ROOT/scripts/lib/common.sh"
    [ -f bench/target/ultrawatch-bench.jar ] || mvn -B -q -ntp install -DskipTests
    exec "$(ultra_java)" -jar bench/target/ultrawatch-bench.jar "$@"
fi

need=()
[ -x /usr/bin/python3 ] || need+=(python3)
if [ "$quick" = 0 ]; then
    command -v supervisord >/dev/null 2>&1 || need+=(supervisor)
    command -v monit >/dev/null 2>&1 || need+=(monit)
fi
command -v setsid >/dev/null 2>&1 || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bench: installing ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# The Debian packages start their own services on install; the bench runs its own copies in the foreground only.
if [ "$quick" = 0 ]; then
    for svc in supervisor monit; do
        if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
            echo "bench: note: the system $svc service is running; the bench does not use or touch it"
        fi
    done
fi

# The watchdog flags and launch of scripts/lib/common.sh, so the figures are those of a real start.
# shellcheck source=../scripts/lib/common.sh
source "$ROOT/scripts/lib/common.sh"
export ULTRA_JVM_OPTS

if [ ! -f watchdog/target/ultrawatch.jar ] || [ ! -f bench/target/ultrawatch-bench.jar ] || [ "${BENCH_REBUILD:-0}" = 1 ]; then
    echo "bench: building (mvn install -DskipTests)"
    mvn -B -q -ntp install -DskipTests
fi

java=$(ultra_java)
# Run from a copy, so a rebuild during a long run cannot pull the jar out from under the running JVM.
jar_copy=$(mktemp /tmp/ultrawatch-bench.XXXXXX.jar)
cp bench/target/ultrawatch-bench.jar "$jar_copy"
# Under a subreaper that reaps orphans at once, as a real init does (see bench/bot/reaper.py for why).
rc=0
/usr/bin/python3 -S bench/bot/reaper.py "$java" -Xmx512m -Djava.awt.headless=true -jar "$jar_copy" --root "$ROOT" "$@" \
    || rc=$?
rm -f "$jar_copy"
exit "$rc"
