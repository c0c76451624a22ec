"""An embedded, real PostgreSQL 16 (pgserver) so that a fresh machine needs no database server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aqea.errors import StoreError

_servers: dict[Path, Any] = {}


def start_embedded(data_dir: Path, *, cleanup_mode: str | None = "stop") -> str:
    """Start (or reuse) PostgreSQL with its data in ``data_dir`` and return its DSN.

    ``cleanup_mode="stop"`` stops the server when the last process using it exits.
    """
    import pgserver  # imported lazily: only needed without a configured database

    data_dir = Path(data_dir).expanduser().resolve()
    if data_dir in _servers:
        return _servers[data_dir].get_uri()
    try:
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir, cleanup_mode=cleanup_mode)
    except Exception as exc:  # pgserver raises plain exceptions with initdb/pg_ctl output
        raise StoreError(f"could not start the embedded PostgreSQL in {data_dir}: {exc}") from exc
    _servers[data_dir] = server
    return server.get_uri()
