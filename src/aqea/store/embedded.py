"""An embedded, real PostgreSQL 16 (pgserver) so that a fresh machine needs no database server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aqea.errors import StoreError
from aqea.processes import pid_exists

_servers: dict[Path, Any] = {}

# pgserver's list of the processes using a server; the last one to exit stops it (cleanup_mode="stop").
HANDLE_PIDS = ".handle_pids.json"


def start_embedded(data_dir: Path, *, cleanup_mode: str | None = "stop") -> str:
    """Start (or reuse) PostgreSQL with its data in ``data_dir`` and return its DSN.

    ``cleanup_mode="stop"`` stops the server when the last process using it exits.
    """
    import pgserver  # imported lazily: only needed without a configured database
    from pgserver.postgres_server import PostgresServer

    data_dir = Path(data_dir).expanduser().resolve()
    if data_dir in _servers:
        return _servers[data_dir].get_uri()
    try:
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        with PostgresServer._lock:  # the lock pgserver holds while it reads and writes the list
            prune_dead_handles(data_dir)
        server = pgserver.get_server(data_dir, cleanup_mode=cleanup_mode)
    except Exception as exc:  # pgserver raises plain exceptions with initdb/pg_ctl output
        raise StoreError(f"could not start the embedded PostgreSQL in {data_dir}: {exc}") from exc
    _servers[data_dir] = server
    return server.get_uri()


def prune_dead_handles(data_dir: Path) -> list[int]:
    """Drop the pids of processes that are gone from pgserver's handle list; returns them.

    A process killed with SIGKILL never removes its pid, and pgserver stops the server only when the exiting
    process is the last one listed: one dead pid kept every later command from ever stopping it.
    """
    path = data_dir / HANDLE_PIDS
    try:
        pids = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    dead = [pid for pid in pids if not pid_exists(pid)]
    if dead:
        path.write_text(json.dumps([pid for pid in pids if pid not in dead]))
    return dead
