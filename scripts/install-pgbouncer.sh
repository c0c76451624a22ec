#!/usr/bin/env bash
# Install Debian's PgBouncer for the connection-pooler tests (tests/test_pgbouncer.py): they start their own
# PgBouncer on a free 127.0.0.1 port, in session and in transaction mode, in front of the suite's PostgreSQL
# (docs/supabase.md). Only the binary is used; a service the package may start is left alone.
# Idempotent: exits 0 at once when pgbouncer is there. Needs root (or sudo) and the Debian archive.
set -euo pipefail

if command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-pgbouncer: need root or sudo" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show pgbouncer >/dev/null 2>&1; then
    $SUDO apt-get update
fi
$SUDO apt-get install -y --no-install-recommends pgbouncer
[ -x /usr/sbin/pgbouncer ]
