# AQEA Extractor worker image: the flow runs of `process-work-unit/<provider>` run in it (Docker work pools),
# and the same image runs the workers and the control worker in docker-compose.yml.
# No secrets are baked in: the database DSN comes from the aqea-database block or AQEA_DATABASE_URL at run time.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DO_NOT_TRACK=1 \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    AQEA_CODE_DIR=/opt/aqea

RUN groupadd --system aqea && useradd --system --gid aqea --home-dir /home/aqea --create-home aqea

WORKDIR /opt/aqea
# Dependencies first (cached while only code changes): exactly the locked, hash-checked set, prefect-docker
# included (docker workers on provider hosts: `prefect worker start --type docker`); then the project itself,
# resolving nothing. requirements/runtime.lock is refreshed on purpose with `make lock`.
COPY requirements/runtime.lock ./requirements/
RUN pip install --require-hashes --no-deps -r requirements/runtime.lock && pip check
COPY pyproject.toml README.md ./
COPY src ./src
COPY flows ./flows
COPY blocks ./blocks
RUN pip install --no-deps --no-build-isolation .
COPY prefect.yaml ./
COPY deployments ./deployments

USER aqea
# A worker by default; compose / `docker run` override the command (server, control worker).
CMD ["prefect", "worker", "start", "--pool", "aqea-hetzner", "--type", "process"]
