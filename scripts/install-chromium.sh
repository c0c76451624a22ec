#!/usr/bin/env bash
# Install Debian's `chromium` for the dashboard's browser test (tests/test_dashboard.py runs it headless:
# --headless=new --dump-dom / --screenshot). Idempotent: exits 0 at once when /usr/bin/chromium is there.
# Needs root (or sudo) and the Debian archive.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    echo "install-chromium: already installed ($(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo '?'))"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-chromium: needs root (or sudo) to apt-get install chromium" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# Refresh the package lists only when they are missing or do not know the package.
if [ -z "$(apt-cache policy chromium 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v '(none)')" ]; then
    echo "install-chromium: apt-get update"
    $SUDO apt-get update -q
fi

echo "install-chromium: apt-get install chromium"
$SUDO apt-get install -y -q --no-install-recommends chromium

command -v chromium >/dev/null 2>&1 || { echo "install-chromium: chromium is still missing after the install" >&2; exit 1; }
echo "install-chromium: installed $(dpkg-query -W -f='${Version}' chromium)"
