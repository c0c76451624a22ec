"""Distributed mode of extract_language: fan work units out to per-provider `process-work-unit` deployments.

Each unit is sent to `process-work-unit/<provider>` (provider chosen by configured weights, at most `cap` in
flight per provider), then the parent watches the child run until it is final. A Failed or Crashed child (a
killed worker is marked Crashed by the zombie automation when its heartbeats stop) is dispatched again to
another provider, at most `max_attempts` times per unit; the new child resumes from the unit's checkpoint. A
child still Scheduled after `start_timeout_s` (no worker up on that provider) is cancelled and moved too.
A unit whose own run recorded a data error (work_units.status = 'failed', e.g. a truncated dump) is not
retried: re-reading the same bytes fails the same way.

The parent never decides success from child states alone: extract_language reads the `work_units` table
afterwards and fails listing every unit that is not completed.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import StateType
from prefect.deployments import run_deployment
from prefect.states import Cancelled

from aqea.providers import ProvidersConfig, assign_providers, load_providers, next_provider
from aqea.settings import Settings
from aqea.sources.base import WorkUnit
from aqea.store.retry import RetryPolicy, with_connection
from aqea.store.runs import unit_row_id
from flows.resources import db_pool

FINAL = {StateType.COMPLETED, StateType.FAILED, StateType.CRASHED, StateType.CANCELLED}


@dataclass
class UnitOutcome:
    """What happened to one unit: every attempt, and the child's small summary when it completed."""

    unit_id: str
    completed: bool = False
    attempts: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)


async def _child_result(flow_run: Any) -> dict[str, Any]:
    """The child's returned summary, if its result was persisted where the parent can read it (optional:
    the data itself is in PostgreSQL and the unit's counters are in work_units)."""
    try:
        value = await flow_run.state.aresult(raise_on_failure=False)
    except Exception:  # not persisted / other machine's local storage
        return {}
    return value if isinstance(value, dict) else {}


async def live_providers(config: ProvidersConfig) -> set[str]:
    """Providers whose pool has at least one worker the Prefect server considers online (recent heartbeat)."""
    live = set()
    async with get_client() as client:
        for name, provider in config.providers.items():
            try:
                workers = await client.read_workers_for_work_pool(provider.pool)
            except Exception:  # pool missing or API hiccup: not known to be live
                continue
            if any(str(getattr(w.status, "value", w.status)).upper() == "ONLINE" for w in workers):
                live.add(name)
    return live


async def _watch(flow_run_id: UUID, provider: str, config: ProvidersConfig) -> tuple[Any, bool]:
    """Poll a child run until it is final. Returns (flow run, moved).

    A child still Scheduled after ``start_timeout_s`` is only moved (cancelled, moved = True) when its
    provider has no live worker; a provider that is merely busy (all slots taken) keeps it queued.
    """
    created = time.monotonic()
    async with get_client() as client:
        while True:
            run = await client.read_flow_run(flow_run_id)
            state_type = run.state.type if run.state else None
            if state_type in FINAL:
                return run, False
            if (state_type == StateType.SCHEDULED and time.monotonic() - created > config.start_timeout_s
                    and provider not in await live_providers(config)):
                await client.set_flow_run_state(
                    flow_run_id, Cancelled(message="no live worker on its provider: moved to another provider"),
                    force=True,
                )
                return await client.read_flow_run(flow_run_id), True
            await asyncio.sleep(config.poll_interval_s)


async def dispatch_units(
    plan: list[tuple[WorkUnit, int | None]],
    *,
    run_id: str,
    source: str,
    dsn: str,
    pool_size: int,
    config: ProvidersConfig | None = None,
) -> list[UnitOutcome]:
    """Run every planned unit as a child deployment run, re-dispatching failed or crashed ones."""
    logger = get_run_logger()
    config = config or load_providers()
    weights = {name: p.weight for name, p in config.providers.items()}
    gates = {name: asyncio.Semaphore(p.cap) for name, p in config.providers.items()}
    first = assign_providers(len(plan), weights)
    pool = await db_pool(dsn, pool_size)
    retry = RetryPolicy.from_settings(Settings())
    await with_connection(pool, lambda conn: conn.execute(
        "UPDATE extraction_runs SET dispatch = 'deployments' WHERE id = $1", run_id), retry, "recording the dispatch")
    logger.info("dispatching %d unit(s): %s", len(plan),
                ", ".join(f"{name} {first.count(name)}" for name in config.providers if first.count(name)))

    async def record(row: str, outcome: UnitOutcome) -> None:
        await with_connection(pool, lambda conn: conn.execute(
            "UPDATE work_units SET cloud_provider = $2, attempts = $3, dispatch_log = $4 WHERE id = $1",
            row, outcome.attempts[-1]["provider"], len(outcome.attempts), outcome.attempts,
        ), retry, "recording a dispatch attempt")

    async def run_one(unit: WorkUnit, max_pages: int | None, provider: str) -> UnitOutcome:
        outcome = UnitOutcome(unit_id=unit.unit_id)
        row = unit_row_id(run_id, unit.unit_id)
        tried: list[str] = []
        failures = 0  # crashed or failed attempts; moves of never-started runs do not count
        while failures < config.max_attempts and len(tried) < config.max_attempts + 2 * len(weights):
            tried.append(provider)
            async with gates[provider]:
                child = await run_deployment(
                    config.deployment(provider),
                    parameters={"unit": unit.model_dump(mode="json"), "run_id": run_id, "source": source,
                                "max_pages": max_pages},
                    flow_run_name=f"unit {unit.unit_id} @{provider} #{len(tried)}",
                    tags=["aqea", f"provider:{provider}"],
                    timeout=0,  # we watch it ourselves: run_deployment would wait forever on a dead worker
                    as_subflow=True,
                )
                await with_connection(pool, lambda conn: conn.execute(  # this run is now the unit's only writer
                    "UPDATE work_units SET current_attempt = $2 WHERE id = $1", row, str(child.id)),  # noqa: B023
                    retry, "recording the unit's current attempt")
                child, moved = await _watch(child.id, provider, config)
            state = child.state
            outcome.attempts.append({"provider": provider, "flow_run_id": str(child.id),
                                     "state": state.type.value if state else None})
            await record(row, outcome)
            if state is not None and state.is_completed():
                outcome.completed = True
                outcome.result = await _child_result(child)
                return outcome
            unit_status = await with_connection(pool, lambda conn: conn.fetchval(
                "SELECT status FROM work_units WHERE id = $1", row), retry, "reading the unit's status")
            if unit_status == "failed":  # the unit recorded a data error itself: a retry reads the same bytes
                logger.error("unit %s failed with a data error on %s: not re-dispatched", unit.unit_id, provider)
                return outcome
            if state is not None and state.type == StateType.CANCELLED and not moved:
                logger.error("unit %s was cancelled on %s: not re-dispatched", unit.unit_id, provider)
                return outcome
            failures += 0 if moved else 1
            live = await live_providers(config)
            provider = next_provider(tried, {n: w for n, w in weights.items() if n in live} or weights)
            if failures < config.max_attempts:
                logger.warning("unit %s: attempt %d ended %s (%s); re-dispatching to %s", unit.unit_id,
                               len(tried), state.type.value if state else "?", state.message if state else "",
                               provider)
        logger.error("unit %s did not complete after %d dispatch(es): %s", unit.unit_id, len(tried),
                     outcome.attempts)
        return outcome

    return list(await asyncio.gather(*(run_one(u, m, p) for (u, m), p in zip(plan, first, strict=True))))
