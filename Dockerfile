# AQEA Extractor worker image: the flow runs of `process-work-unit/<provider>` run in it (Docker work pools),
# and the same image runs the server, the workers and the control worker in docker-compose.yml.
# No secrets are baked in: the database DSN comes from the aqea-database block or AQEA_DATABASE_URL at run time.
# BASE_IMAGE: any Debian-like image with python3.11 and its venv module; scripts/stack-test.sh passes one built
# with mmdebstrap from the machine's own apt sources (no registry needed).
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DO_NOT_TRACK=1 \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    AQEA_CODE_DIR=/opt/aqea \
    PATH=/opt/venv/bin:$PATH \
    PREFECT_SERVER_UI_STATIC_DIRECTORY=/var/lib/aqea/prefect-ui

# The Prefect server copies its UI build into PREFECT_SERVER_UI_STATIC_DIRECTORY when it starts; the non-root
# user cannot write into site-packages, so the UI gets a folder of its own (else `GET /` is a 404).
RUN groupadd --system aqea && useradd --system --gid aqea --home-dir /home/aqea --create-home aqea \
    && install -d -o aqea -g aqea /var/lib/aqea/prefect-ui

WORKDIR /opt/aqea
# Dependencies first (cached while only code changes): exactly the locked, hash-checked set, prefect-docker
# included (docker workers on provider hosts: `prefect worker start --type docker`); then the project itself,
# resolving nothing. requirements/runtime.lock is refreshed on purpose with `make lock`. A venv: Debian's own
# python3 refuses system-wide pip installs (PEP 668).
# Without network: pass a wheelhouse of the lock's files (pip reads these two as PIP_* environment variables),
# e.g. `--build-arg PIP_NO_INDEX=1 --build-arg PIP_FIND_LINKS=/wheels -v "$PWD/wheelhouse:/wheels:ro"`.
ARG PIP_NO_INDEX
ARG PIP_FIND_LINKS
COPY requirements/runtime.lock ./requirements/
RUN python3 -m venv /opt/venv \
    && pip install --require-hashes --no-deps -r requirements/runtime.lock && pip check
COPY pyproject.toml README.md ./
COPY src ./src
COPY flows ./flows
COPY blocks ./blocks
COPY deployments ./deployments
RUN pip install --no-deps --no-build-isolation . && rm -rf build
COPY prefect.yaml ./

USER aqea
# A worker by default; compose / `docker run` override the command (server, control worker).
CMD ["prefect", "worker", "start", "--pool", "aqea-hetzner", "--type", "process"]
