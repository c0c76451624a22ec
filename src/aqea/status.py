"""The status document of an extraction run (the original design's `GET /status`): overview, progress, work
units and workers. `aqea status --json` and the HTTP API's `GET /v1/status` give the same document."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from aqea.errors import ConfigError


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def _prefect_api_available() -> str | None:
    """None if a Prefect API is configured, else why not (never start an ephemeral server for a status)."""
    from prefect.settings import PREFECT_API_URL

    return None if PREFECT_API_URL.value() else "PREFECT_API_URL is not set"


async def worker_status(pools: list[str]) -> dict[str, Any]:
    """Workers of the given pools from the Prefect API: total / active / idle / offline and details.

    Prefect does not say which worker runs which flow run, so a pool's `active` is min(online workers,
    running flow runs in the pool); the rest of its online workers count as idle.
    """
    reason = await _prefect_api_available()
    if reason:
        return {"available": False, "reason": reason}
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
        WorkPoolFilter,
        WorkPoolFilterName,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.exceptions import ObjectNotFound, PrefectHTTPStatusError

    details: list[dict[str, Any]] = []
    totals = {"total": 0, "active": 0, "idle": 0, "offline": 0}
    try:
        async with get_client() as client:
            for pool in pools:
                try:
                    workers = await client.read_workers_for_work_pool(pool)
                except ObjectNotFound:
                    continue
                except PrefectHTTPStatusError as exc:  # Prefect 3 answers a pool nobody created with a plain 404
                    if exc.response.status_code == 404:
                        continue
                    raise
                running = await client.count_flow_runs(
                    work_pool_filter=WorkPoolFilter(name=WorkPoolFilterName(any_=[pool])),
                    flow_run_filter=FlowRunFilter(
                        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.RUNNING]))),
                )
                online = [w for w in workers if str(w.status).upper().endswith("ONLINE")]
                active = min(len(online), running)
                totals["total"] += len(workers)
                totals["active"] += active
                totals["idle"] += len(online) - active
                totals["offline"] += len(workers) - len(online)
                for w in workers:
                    details.append({"name": w.name, "pool": pool,
                                    "status": str(getattr(w.status, "value", w.status)).lower(),
                                    "last_heartbeat": _iso(w.last_heartbeat_time)})
    except Exception as exc:  # unreachable server, auth: the rest of the status is still useful
        return {"available": False, "reason": f"Prefect API error: {type(exc).__name__}: {exc}"}
    return {"available": True, **totals, "details": details}


async def status_document(dsn: str, run_id: str | None = None, with_workers: bool = True) -> dict[str, Any]:
    """The status of one extraction run (default: the latest) in the original design's shape. Marks a run
    whose process is gone interrupted first (`aqea status`; the read-only API only reports it so)."""
    from aqea.store.db import open_migrated
    from aqea.store.runs import interrupt_orphaned_runs

    conn = await open_migrated(dsn)
    try:
        await interrupt_orphaned_runs(conn)  # a run whose process was killed is not "running" forever
        doc = await read_status(conn, run_id)
    finally:
        await conn.close()
    if with_workers:
        await add_workers(doc)
    return doc


async def read_status(conn: asyncpg.Connection, run_id: str | None = None) -> dict[str, Any]:
    """The status document without workers, by reads only. A run still recorded as running whose process on
    this host is gone is shown as interrupted, as `aqea status` would mark it."""
    from aqea.processes import ProcessIdentity
    from aqea.rates import throughput
    from aqea.store.queries import run_progress

    run = await conn.fetchrow(
        """SELECT id, source, language, dump, status, started_at, finished_at, dispatch,
                  owner_host, owner_pid, owner_started FROM extraction_runs
           WHERE ($1::text IS NULL OR id = $1) ORDER BY started_at DESC LIMIT 1""",
        run_id,
    )
    if run is None:
        raise ConfigError(f"no extraction run {run_id}" if run_id else "no extraction run recorded yet")
    p = await run_progress(conn, run["id"])
    pending = p["units"] - p["completed"] - p["failed"] - p["processing"] - p["interrupted"]
    now = await conn.fetchval("SELECT now()")
    status = run["status"]
    if status == "running" and run["owner_pid"] is not None and ProcessIdentity(
            run["owner_host"], run["owner_pid"], run["owner_started"]).is_gone():
        status = "interrupted"
    end = run["finished_at"] or now
    runtime_s = (end - run["started_at"]).total_seconds()
    rate = 60.0 * throughput(p).pages_per_s  # the progress bar's and the run summary's definition
    estimated = max(p["pages_estimate"], p["pages"]) or None
    remaining = (estimated - p["pages"]) if estimated else None
    eta_s = remaining / rate * 60 if remaining is not None and rate > 0 and status == "running" else None
    return {
        "overview": {"run_id": run["id"], "language": run["language"], "source": run["source"],
                     "status": status, "dispatch": run["dispatch"], "runtime_s": round(runtime_s, 1),
                     "started_at": _iso(run["started_at"]), "finished_at": _iso(run["finished_at"])},
        "progress": {"percent": round(100.0 * p["pages"] / estimated, 1) if estimated else None,
                     "processed": p["pages"], "estimated": estimated, "entries": p["entries"],
                     "rate_per_minute": round(rate, 1), "eta_s": round(eta_s) if eta_s is not None else None},
        "work_units": {"total": p["units"], "completed": p["completed"], "processing": p["processing"],
                       "pending": pending, "failed": p["failed"], "interrupted": p["interrupted"]},
    }


async def add_workers(doc: dict[str, Any]) -> None:
    """The ``workers`` part: the pools of deployments/providers.toml, from the Prefect API when one is set."""
    from aqea.providers import load_providers

    try:
        config = load_providers()
        pools = [config.control_pool, *(pr.pool for pr in config.providers.values())]
    except ConfigError as exc:
        doc["workers"] = {"available": False, "reason": str(exc)}
    else:
        doc["workers"] = await worker_status(pools)
