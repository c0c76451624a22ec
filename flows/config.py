"""Configuration of flow runs: Prefect blocks when deployed, Settings (AQEA_* env, aqea.toml) locally.

Also the pull step every deployment in prefect.yaml starts with (``enter_code_dir``).
"""

from __future__ import annotations

import os
from pathlib import Path

from prefect.runtime import deployment, flow_run

from aqea.settings import Settings
from aqea.store.db import resolve_dsn


def _deployed() -> bool:
    return bool(flow_run.id and deployment.id)


async def database_url(settings: Settings | None = None) -> str:
    """The AQEA database DSN.

    Order: an explicit ``AQEA_DATABASE_URL`` (env / config file) wins — a developer pointing a local run at a
    database means it; when running as a deployment without one, the ``aqea-database`` block (name from
    ``AQEA_DATABASE_BLOCK``); else the embedded PostgreSQL (local runs). The DSN is never logged.
    """
    settings = settings or Settings()
    if settings.database_url is None and (_deployed() or os.environ.get("AQEA_DATABASE_BLOCK")):
        from blocks.aqea import DATABASE_BLOCK, AqeaDatabase

        name = os.environ.get("AQEA_DATABASE_BLOCK", DATABASE_BLOCK)
        try:
            block = await AqeaDatabase.aload(name)
        except ValueError:  # no such block document: fall back to local settings
            pass
        else:
            return block.dsn.get_secret_value()
    return resolve_dsn(settings)


def enter_code_dir(directory: str | None = None) -> dict[str, str]:
    """Pull step of every deployment (prefect.yaml): work in the project checkout.

    ``directory`` argument, else ``$AQEA_CODE_DIR`` (the Docker image sets /opt/aqea; a process worker may set
    it), else the checkout this ``flows`` package was installed from (editable install: the repository).
    Runs in the flow-run process on the worker, so it names a path on the worker, not on the deploying host.
    """
    chosen = directory or os.environ.get("AQEA_CODE_DIR") or str(Path(__file__).resolve().parents[1])
    if not Path(chosen, "flows", "extract.py").is_file():
        raise FileNotFoundError(f"{chosen} holds no AQEA checkout (flows/extract.py); set AQEA_CODE_DIR")
    os.chdir(chosen)
    return {"directory": chosen}
