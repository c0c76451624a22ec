"""Configuration of flow runs: Prefect blocks when deployed, Settings (AQEA_* env, aqea.toml) locally.

Also the pull step every deployment in prefect.yaml starts with (``enter_code_dir``).
"""

from __future__ import annotations

import os
from pathlib import Path

from prefect.runtime import deployment, flow_run

from aqea.errors import ConfigError
from aqea.settings import Settings, normalise_dsn
from aqea.store.db import resolve_dsn


def _deployed() -> bool:
    return bool(flow_run.id and deployment.id)


async def database_url(settings: Settings | None = None) -> str:
    """The AQEA database DSN.

    Order: an explicit ``AQEA_DATABASE_URL`` (env / config file) wins — a developer pointing a local run at a
    database means it; when running as a deployment without one, the ``aqea-database`` block (name from
    ``AQEA_DATABASE_BLOCK``); else the embedded PostgreSQL (local runs only). A deployed run without either is
    refused: each worker would fall back to its own embedded database and one extraction would be spread over
    private databases. The DSN is never logged.
    """
    settings = settings or Settings()
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    named = os.environ.get("AQEA_DATABASE_BLOCK")
    deployed = _deployed()
    if deployed or named:
        from blocks.aqea import DATABASE_BLOCK, AqeaDatabase

        name = named or DATABASE_BLOCK
        try:
            block = await AqeaDatabase.aload(name)
        except ValueError:  # no such block document
            if deployed:
                raise ConfigError(
                    f"deployed flow run without a shared database: no AQEA_DATABASE_URL on this worker and no "
                    f"aqea-database/{name} block; run `aqea prefect setup --database-url …` (refusing the "
                    "embedded PostgreSQL, which would split the run over each worker's own database)"
                ) from None
            raise ConfigError(f"AQEA_DATABASE_BLOCK names aqea-database/{name}, which does not exist") from None
        return normalise_dsn(block.dsn.get_secret_value())
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
