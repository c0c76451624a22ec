#!/usr/bin/env bash
# Install Princeton WordNet 3.0 from Debian for the WordNet reader tests: `wordnet-base` (data.*, index.*, *.exc)
# and `wordnet-sense-index` (index.sense, frames.vrb), both 1:3.0-37, into /usr/share/wordnet/. Data only, no
# dependencies. `lexnames` is not packaged: tests/data/wordnet/lexnames is vendored in the repository.
# Idempotent: exits 0 at once when the files are there. Needs root (or sudo) and the Debian archive.
set -euo pipefail

PACKAGES=(wordnet-base wordnet-sense-index)
DIR=/usr/share/wordnet

installed() {
    local name
    for name in data.noun data.verb data.adj data.adv index.sense; do
        [ -f "$DIR/$name" ] || return 1
    done
}

if installed; then
    echo "install-wordnet: already installed ($(dpkg-query -W -f='${Version}' wordnet-base 2>/dev/null || echo '?'))"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-wordnet: needs root (or sudo) to apt-get install ${PACKAGES[*]}" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# Refresh the package lists only when they are missing or do not know the packages.
if ! apt-cache show "${PACKAGES[@]}" >/dev/null 2>&1 \
    || [ -z "$(apt-cache policy wordnet-sense-index | sed -n 's/^ *Candidate: //p' | grep -v '(none)')" ]; then
    echo "install-wordnet: apt-get update"
    $SUDO apt-get update -q
fi

echo "install-wordnet: apt-get install ${PACKAGES[*]}"
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

if ! installed; then
    echo "install-wordnet: installed ${PACKAGES[*]} but $DIR still lacks data.* or index.sense" >&2
    exit 1
fi
echo "install-wordnet: done ($(dpkg-query -W -f='${Version}' wordnet-base))"
