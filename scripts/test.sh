#!/usr/bin/env bash
# Runs the whole ultrawatch test suite: unit tests, then integration tests with real processes (and, where a test
# needs one, a real cron daemon, Prometheus server or headless Chromium). Installs the Debian packages the suite needs
# when they are missing (as root, or with sudo).
#   scripts/test.sh [extra maven args]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# package:command pairs; a package is installed only when its command is missing.
# cron: the cron-layer tests run a real cron daemon; prometheus: a real server scrapes /metrics (promtool checks it);
# chromium + chromium-driver: the dashboard is tested in a real headless browser; openssl: a test certificate;
# systemd: its systemd-notify drives the notify bots' tests (only the program is used, no systemd is started).
NEEDED=("util-linux:setsid" "util-linux:flock" "procps:ps" "cron:cron" "cron:crontab" "prometheus:prometheus"
        "prometheus:promtool" "chromium:chromium" "chromium-driver:chromedriver" "openssl:openssl"
        "systemd:systemd-notify")
# package:module pairs for Debian's /usr/bin/python3; installed when the module does not import.
# python3-aiosmtpd: the email notification test sends to a real SMTP server (STARTTLS, AUTH).
NEEDED_PYTHON=("python3-aiosmtpd:aiosmtpd")

missing=()
for pair in "${NEEDED[@]}"; do
    command -v "${pair#*:}" >/dev/null 2>&1 || missing+=("${pair%%:*}")
done
for pair in "${NEEDED_PYTHON[@]}"; do
    /usr/bin/python3 -c "import ${pair#*:}" >/dev/null 2>&1 || missing+=("${pair%%:*}")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# Python: the health helper and the example bot (health-endpoint/python/tests); stdlib unittest, no pip install.
python3 -m unittest discover -s health-endpoint/python/tests -t health-endpoint/python

exec mvn -B -ntp verify "$@"
