#!/usr/bin/env bash
# Install podman (rootful, runc, no systemd) and mmdebstrap for the container stack test (scripts/stack-test.sh):
# no Docker engine and no image registry needed; images are built from the machine's own apt sources.
# Idempotent: the packages are installed only when missing; /etc/containers/containers.conf is written only
# when absent or written by this script (another one is left as is, with a warning when it lacks our settings). Needs root (or sudo)
# and the Debian archive. podman-compose comes from the lock file (`--extra stack` in requirements/dev.lock).
set -euo pipefail

PACKAGES=(podman runc conmon containernetworking-plugins netavark aardvark-dns slirp4netns fuse-overlayfs uidmap
          catatonit iptables mmdebstrap)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-podman: need root or sudo" >&2; exit 1; }
    SUDO="sudo"
fi
missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-cache show podman >/dev/null 2>&1 || $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# runc, cgroupfs and a file event log: there is no systemd in containers and CI machines. podman's default
# nofile limit is low for a Prefect server with several workers; a limit above this machine's hard limit would
# make every container fail to start ("error setting rlimit type 7"), so take the hard limit, at most 65536 open
# files and 32768 processes (podman's rootful defaults, 1048576 and more, fail the same way; on one sandboxed
# machine nproc 65536 failed too, under a hard limit of 96367).
CONF=/etc/containers/containers.conf
MARK="# written by scripts/install-podman.sh"
cap() {  # cap ULIMIT-FLAG MAXIMUM
    local hard
    hard="$(ulimit -H "$1")"
    if [ "$hard" = unlimited ] || [ "$hard" -gt "$2" ]; then hard="$2"; fi
    echo "$hard"
}
NOFILE="$(cap -n 65536)"
NPROC="$(cap -u 32768)"
WANTED="$MARK (AQEA Extractor stack test)
[containers]
default_ulimits = [
  \"nofile=$NOFILE:$NOFILE\",
  \"nproc=$NPROC:$NPROC\",
]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\""
if [ ! -f "$CONF" ] || { grep -q "^$MARK" "$CONF" && [ "$(cat "$CONF")" != "$WANTED" ]; }; then
    $SUDO mkdir -p /etc/containers
    printf '%s\n' "$WANTED" | $SUDO tee "$CONF" >/dev/null
elif ! grep -q 'cgroup_manager *= *"cgroupfs"' "$CONF"; then
    echo "install-podman: warning: $CONF is not ours and does not set cgroup_manager = \"cgroupfs\" (left as is)" >&2
fi
podman --version >/dev/null
mmdebstrap --version >/dev/null
