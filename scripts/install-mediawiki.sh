#!/usr/bin/env bash
# Install MediaWiki (Debian package) plus the PHP pieces the test wiki needs:
# SQLite, CLI, intl, mbstring, xml. Idempotent: exits 0 at once when everything is there.
#
# Used by the MediaWiki Action API tests (tests/mediawiki_server.py), which run a real wiki on
# 127.0.0.1 with PHP's built-in server; no web server is started by this script.
# Needs root (or sudo) and the Debian archive; runs `apt-get update` only when the package lists
# are missing or do not know the packages.
set -euo pipefail

PACKAGES=(mediawiki php-sqlite3 php-cli php-intl php-mbstring php-xml)
INSTALL_PHP=/usr/share/mediawiki/maintenance/install.php

installed() {
    [ -f "$INSTALL_PHP" ] || return 1
    command -v php >/dev/null 2>&1 || return 1
    local pkg status
    for pkg in "${PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [ "$status" = "install ok installed" ] || return 1
    done
    # the PHP extensions must actually load in the CLI
    local mods
    mods=$(php -m 2>/dev/null)
    for ext in pdo_sqlite intl mbstring xml; do
        grep -qix "$ext" <<<"$mods" || return 1
    done
}

if installed; then
    echo "install-mediawiki: already installed ($(dpkg-query -W -f='${Version}' mediawiki))"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-mediawiki: needs root (or sudo) to apt-get install ${PACKAGES[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive

# Refresh the package lists only when they are missing or do not know mediawiki.
if ! apt-cache show mediawiki >/dev/null 2>&1 \
    || [ -z "$(apt-cache policy mediawiki | sed -n 's/^ *Candidate: //p' | grep -v '(none)')" ]; then
    echo "install-mediawiki: apt-get update"
    $SUDO apt-get update -q
fi

echo "install-mediawiki: apt-get install ${PACKAGES[*]}"
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

if ! installed; then
    echo "install-mediawiki: installed packages but $INSTALL_PHP or a PHP extension" \
        "(pdo_sqlite, intl, mbstring, xml) is still missing" >&2
    exit 1
fi
echo "install-mediawiki: done ($(dpkg-query -W -f='${Version}' mediawiki))"
