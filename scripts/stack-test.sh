#!/usr/bin/env bash
# The Docker deployment run for real on podman (docs/deployment.md, "The stack test"):
#   base image (mmdebstrap from this machine's own apt sources, `podman import`) → project image (Dockerfile,
#   installed offline from a wheelhouse of requirements/runtime.lock) and a PostgreSQL image on the same base →
#   docker-compose.yml up with podman-compose → `aqea prefect setup` and `prefect --no-prompt deploy --all` inside
#   → extract-language/control on the German sample, one provider worker's container killed mid-unit → the stack
#   database compared with a local run's (addresses, labels) → down -v.
# Images and the wheelhouse are cached by content hash in podman's store and $AQEA_STACK_CACHE: a re-run builds
# only what changed. Skips with one line where podman cannot run; fails instead when CI=true.
# AQEA_STACK_KEEP=1 leaves the stack up after a failure (podman-compose -p aqea-stacktest logs …).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
PY="$REPO/.venv/bin/python"
COMPOSE="$REPO/.venv/bin/podman-compose"
CACHE="${AQEA_STACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aqea-stack}"
PROJECT=aqea-stacktest
export DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false

skip() {
    if [ "${CI:-}" = "true" ]; then echo "stack-test: FAILED: $1 (CI=true: podman must run here)" >&2; exit 1; fi
    echo "stack-test: skipped: $1"
    exit 0
}
T0=$SECONDS
PHASE_START=$SECONDS
TIMES=()
phase() {  # phase NAME: closes the previous phase's clock
    TIMES+=("$(printf '%-22s %4d s' "$CURRENT" $((SECONDS - PHASE_START)))")
    CURRENT="$1"
    PHASE_START=$SECONDS
    echo "stack-test: == $1"
}
CURRENT="preflight"
report() {
    TIMES+=("$(printf '%-22s %4d s' "$CURRENT" $((SECONDS - PHASE_START)))")
    echo "stack-test: phase times:"
    printf '  %s\n' "${TIMES[@]}"
    printf '  %-22s %4d s\n' total $((SECONDS - T0))
}

# ------------------------------------------------------------------------------------------------ preflight
[ -x "$PY" ] && [ -x "$COMPOSE" ] || skip "no project venv with podman-compose (run: make install)"
if ! command -v podman >/dev/null 2>&1 || ! command -v mmdebstrap >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; then
        bash scripts/install-podman.sh || skip "podman could not be installed (scripts/install-podman.sh)"
    else
        skip "podman is not installed and there is no root to install it (scripts/install-podman.sh)"
    fi
fi
[ "$(id -u)" -eq 0 ] || skip "podman runs rootful here (runc, cgroupfs): run as root"
podman info >/dev/null 2>&1 || skip "podman cannot run on this machine ($(podman info 2>&1 | tail -1))"
podman run --help >/dev/null 2>&1 || skip "podman cannot run containers"

WORK="$(mktemp -d /tmp/aqea-stack.XXXXXX)"
chmod 755 "$WORK"
cleanup() {
    status=$?
    if [ $status -ne 0 ] && [ -n "${ENV_FILE:-}" ]; then
        echo "stack-test: failed; last logs of the stack:" >&2
        for service in prefect-server control worker-hetzner worker-digitalocean; do
            echo "--- $service" >&2
            podman logs --tail 25 "${PROJECT}_${service}_1" >&2 2>&1 || true
        done
    fi
    if [ -n "${ENV_FILE:-}" ] && { [ $status -eq 0 ] || [ "${AQEA_STACK_KEEP:-}" != "1" ]; }; then
        "$COMPOSE" --env-file "$ENV_FILE" -p "$PROJECT" -f docker-compose.yml -f "$WORK/override.yml" \
            down -v >/dev/null 2>&1 || true
    fi
    [ "${AQEA_STACK_KEEP:-}" = "1" ] && [ $status -ne 0 ] || rm -rf "$WORK"
    report
    exit $status
}
trap cleanup EXIT

# ------------------------------------------------------------------------------------------------ base image
phase "base image"
mkdir -p "$CACHE"
. /etc/os-release
CODENAME="${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}"
BASE_PACKAGES="python3,python3-venv,ca-certificates,postgresql-15,procps"
# the machine's own enabled apt sources, read now (never a mirror written into the repository)
SOURCES=()
for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] && grep -qE '^[[:space:]]*(deb|Types:)' "$file" && SOURCES+=("$file")
done
[ ${#SOURCES[@]} -gt 0 ] || skip "no apt sources in /etc/apt to build a base image from"
BASE_KEY="$( { echo "$CODENAME $BASE_PACKAGES"; cat "${SOURCES[@]}"; } | sha256sum | cut -c1-16)"
BASE_IMAGE="localhost/aqea-stack-base:$BASE_KEY"
if podman image exists "$BASE_IMAGE"; then
    echo "stack-test: cached $BASE_IMAGE"
else
    mmdebstrap --quiet --variant=minbase --format=tar --include="$BASE_PACKAGES" \
        --aptopt='APT::Install-Recommends "false"' "$CODENAME" "$WORK/base.tar" "${SOURCES[@]}"
    podman import --quiet "$WORK/base.tar" "$BASE_IMAGE" >/dev/null
    rm -f "$WORK/base.tar"
fi

# ------------------------------------------------------------------------------------------------ images
phase "wheelhouse"
# for the base image's python (Debian's 3.11.2 needs async-timeout, which the lock marks for < 3.11.3)
BASE_PYTHON="$(podman run --rm --network=none "$BASE_IMAGE" python3 -c 'import platform; print(platform.python_version())')"
LOCK_KEY="$(sha256sum requirements/runtime.lock | cut -c1-16)"
WHEELS="$CACHE/wheelhouse-$LOCK_KEY-py$BASE_PYTHON"
if [ ! -f "$WHEELS/.complete" ]; then
    rm -rf "$WHEELS"
    # the lock's markers evaluated for the base's python (pip download evaluates them for the host's)
    "$PY" - "$BASE_PYTHON" requirements/runtime.lock >"$WORK/target.lock" <<'PYEOF'
import re, sys
from packaging.markers import Marker, default_environment
env = {**default_environment(), "python_full_version": sys.argv[1], "python_version": "3.11"}
for block in re.split(r"\n(?=\S)", open(sys.argv[2]).read()):
    head, _, rest = block.partition(" \\\n")
    name, _, marker = head.partition(" ; ")
    if not block.startswith("#") and (not marker or Marker(marker).evaluate(env)):
        print(f"{name} \\\n{rest}" if rest else name)
PYEOF
    "$PY" -m pip download --no-deps --require-hashes --only-binary=:all: -r "$WORK/target.lock" \
        -d "$WHEELS" >"$WORK/pip.log" 2>&1 || { grep -v '^WARNING: Location' "$WORK/pip.log" >&2; exit 1; }
    touch "$WHEELS/.complete"
fi

phase "project image"
# content hash of everything the Dockerfile copies; the deps layer is cached by podman while the lock is unchanged
IMAGE_KEY="$( { echo "$BASE_KEY"; git ls-files -z -- Dockerfile .dockerignore requirements/runtime.lock pyproject.toml \
    README.md src flows blocks deployments prefect.yaml | xargs -0 sha256sum; } | sha256sum | cut -c1-16)"
IMAGE="localhost/aqea-extractor:stack-$IMAGE_KEY"
if podman image exists "$IMAGE"; then
    echo "stack-test: cached $IMAGE"
else
    podman build --quiet --network=none --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg PIP_NO_INDEX=1 \
        --build-arg PIP_FIND_LINKS=/wheels -v "$WHEELS:/wheels:ro" -t "$IMAGE" . >/dev/null
fi
PG_KEY="$( { echo "$BASE_KEY"; cat deployments/postgres-debian/*; } | sha256sum | cut -c1-16)"
PG_IMAGE="localhost/aqea-postgres:stack-$PG_KEY"
podman image exists "$PG_IMAGE" || podman build --quiet --network=none --build-arg BASE_IMAGE="$BASE_IMAGE" \
    -t "$PG_IMAGE" deployments/postgres-debian >/dev/null

# ------------------------------------------------------------------------------------------------ stack up
phase "stack up"
DUMP="$("$PY" scripts/stack_check.py dump "$WORK")"
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
API_PORT="$(free_port)"
DB_PORT="$(free_port)"
PASSWORD="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
ENV_FILE="$WORK/stack.env"  # not the repository's .env: a developer's own stays untouched
cat >"$ENV_FILE" <<EOF
AQEA_DB_PASSWORD=$PASSWORD
AQEA_DUMP_DIR=$WORK
AQEA_IMAGE=$IMAGE
AQEA_POSTGRES_IMAGE=$PG_IMAGE
AQEA_PREFECT_HOST_PORT=$API_PORT
AQEA_DB_HOST_PORT=$DB_PORT
EOF
# test-only settings on top of the user's compose file: small batches (a unit lasts long enough to be killed
# midway), heartbeats every 30 s with a 45 s zombie window, linode off, a quick move of units never started
cat >"$WORK/override.yml" <<'EOF'
x-test-env: &test-env
  AQEA_BATCH_PAGES: "2"
  AQEA_PARSE_WORKERS: "1"
  PREFECT_FLOWS_HEARTBEAT_FREQUENCY: "30"
services:
  control:
    environment:
      <<: *test-env
      AQEA_PROVIDER_WEIGHTS: "hetzner=2,digitalocean=1,linode=0"
      AQEA_DISPATCH_START_TIMEOUT: "20"
  worker-hetzner:
    environment: *test-env
  worker-digitalocean:
    environment: *test-env
  worker-linode:
    environment: *test-env
EOF
compose() { "$COMPOSE" --env-file "$ENV_FILE" -p "$PROJECT" -f docker-compose.yml -f "$WORK/override.yml" "$@"; }
compose down -v >/dev/null 2>&1 || true  # a stack left by an earlier AQEA_STACK_KEEP=1 run
compose up -d --no-build >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; exit 1; }
export PREFECT_API_URL="http://127.0.0.1:$API_PORT/api"
# podman 4.3 neither waits for `condition: service_healthy` nor runs healthchecks without systemd: poll here
wait_until() {  # wait_until SECONDS WHAT COMMAND…
    local limit=$1 what=$2
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || { echo "stack-test: $what not ready after ${limit} s" >&2; exit 1; }
        sleep 1
    done
}
wait_until 120 "postgres" podman exec "${PROJECT}_postgres_1" pg_isready -U aqea -d prefect
wait_until 240 "the Prefect server" podman exec "${PROJECT}_prefect-server_1" python3 -c \
    "import urllib.request; urllib.request.urlopen('http://127.0.0.1:4200/api/health')"
# the UI is served by the non-root image (issue 14: it was a 404)
wait_until 60 "the Prefect UI" "$PY" -c \
    "import urllib.request, sys; sys.exit(b'<html' not in urllib.request.urlopen('http://127.0.0.1:$API_PORT/').read().lower())"

phase "setup + deploy"
CONTROL="${PROJECT}_control_1"
podman exec "$CONTROL" aqea prefect setup --pool-type process --heartbeat-frequency 30 --zombie-within 45
podman exec -e AQEA_SYNC_API_URL=http://127.0.0.1:9/w/api.php "$CONTROL" prefect --no-prompt deploy --all \
    >"$WORK/deploy.log" 2>&1 || { cat "$WORK/deploy.log" >&2; exit 1; }
# every worker online (a 401 or a crash loop shows here)
wait_until 120 "the workers" "$PY" -c "
import asyncio, sys
from prefect.client.orchestration import get_client
async def online():
    async with get_client() as c:
        pools = ['aqea-control', 'aqea-hetzner', 'aqea-digitalocean', 'aqea-linode']
        workers = [await c.read_workers_for_work_pool(p) for p in pools]
        return all(any(w.status.value == 'ONLINE' for w in found) for found in workers)
sys.exit(not asyncio.run(online()))"

phase "local reference run"
podman exec "${PROJECT}_postgres_1" psql -q -U aqea -d aqea -c "CREATE DATABASE reference" >/dev/null
DSN="postgresql://aqea:$PASSWORD@127.0.0.1:$DB_PORT/aqea"
REFERENCE_DSN="postgresql://aqea:$PASSWORD@127.0.0.1:$DB_PORT/reference"
"$PY" scripts/stack_check.py reference "$REFERENCE_DSN" "$DUMP"

phase "run + worker kill"
"$PY" scripts/stack_check.py run "$DSN" "$REFERENCE_DSN" "/data/dumps/$(basename "$DUMP")" \
    "${PROJECT}_worker-hetzner_1" hetzner

phase "down -v"
compose down -v >/dev/null 2>&1
ENV_FILE=""
echo "stack-test: passed"
