#!/usr/bin/env bash
# Install Debian's PostgreSQL server binaries (initdb, postgres, pg_ctl) for the distributed tests: a real
# `prefect server` needs PostgreSQL with pg_trgm (SQLite locks under concurrent runs; pgserver lacks
# pg_trgm). Only the binaries are used: tests start a throwaway cluster in a temp dir on 127.0.0.1.
# Idempotent: exits 0 at once when initdb is there. Needs root (or sudo) and the Debian archive.
set -euo pipefail

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/lib/postgresql/*/lib/pg_trgm.so >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-postgresql: need root or sudo" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show postgresql >/dev/null 2>&1; then
    $SUDO apt-get update
fi
# postgresql-contrib brings pg_trgm (a virtual/transitional package on Debian 12; harmless where merged)
$SUDO apt-get install -y --no-install-recommends postgresql postgresql-contrib
# A cluster the package may start on 5432 is left alone: the tests use their own on a free port.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
