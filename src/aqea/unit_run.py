"""One work unit of any source: read → parse in worker processes → store, batch by batch, resumable.

No Prefect here: the flow (flows/work_unit.py) passes how a batch is stored (its task, so each batch shows in
the UI) and the shared limits; everything else — the checkpoint, the read-ahead window that keeps every parser
busy, skipping records already stored, the unit's outcome — is this module's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import asyncpg

from aqea.errors import AqeaError, SourceError
from aqea.model import Rejection
from aqea.pipeline import PARSER_VERSION, BatchOutcome, process_batch
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, ReadContext, Record, Source, WorkUnit
from aqea.store.pages import stored_revisions
from aqea.store.retry import DatabaseUnavailable, RetryPolicy, with_connection
from aqea.store.runs import Superseded, add_unit_counts, claim_unit, finish_unit, record_rejections

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoreRequest:
    """One parsed batch to store, with what its checkpoint advances to."""

    outcome: BatchOutcome
    unchanged_entries: int  # entries of records skipped as already stored (counted, not written)
    checkpoint_label: str  # the batch's last record: key-ordered sources resume after it
    records_before: int  # the unit's stored records as this writer knows them (a retry does not count twice)


# stores one batch and returns its counters ({"superseded": 1} when another attempt owns the unit)
StoreBatch = Callable[[StoreRequest], Awaitable[dict[str, int]]]


class UnitFailed(SourceError):
    """The unit's input broke off; what was read before it is stored and the unit recorded failed."""


async def run_unit(
    source: Source, unit: WorkUnit, *, pool: asyncpg.Pool, settings: Settings, row: str, attempt: str | None,
    executor: Executor, store: StoreBatch, context: ReadContext, max_records: int | None = None,
    logger: logging.Logger | logging.LoggerAdapter[Any] = log,
) -> dict[str, Any]:
    """Process one unit from its checkpoint; returns its summary. Raises ``UnitFailed`` when the source's
    input broke off (every record before it stored, the unit recorded failed, a rejection says why)."""
    retry = RetryPolicy.from_settings(settings)
    try:
        records_done, last_label = await with_connection(pool, lambda conn: claim_unit(conn, row, attempt), retry,
                                                         f"claiming unit {unit.unit_id}")
    except Superseded as exc:  # started late, after the parent moved the unit to another provider
        logger.warning("%s", exc)
        return {"unit_id": unit.unit_id, "status": "superseded"}
    if records_done:
        logger.info("resuming unit %s after %d stored records", unit.unit_id, records_done)
    # a source of records much smaller than a Wiktionary page asks for proportionally larger batches
    batch_records = settings.batch_pages * max(1, int(getattr(source, "batch_scale", 1)))
    batches = source.read(unit, Checkpoint(records_done, last_label), batch_records=batch_records,
                          max_records=max_records, context=context)
    window = _Window(unit, row=row, attempt=attempt, pool=pool, executor=executor, store=store, retry=retry,
                     window=settings.parse_workers + 1)
    try:
        totals, counts, error, reason = await window.run(batches, records_done)
    finally:
        with contextlib.suppress(Exception):
            await batches.aclose()  # type: ignore[attr-defined]
    if totals.get("superseded"):
        logger.warning("unit %s was moved to another attempt: this one stops", unit.unit_id)
        return {"unit_id": unit.unit_id, "status": "superseded", **{k: v for k, v in totals.items()
                                                                     if k != "superseded"}}

    async def finish(conn: Any) -> None:
        async with conn.transaction():
            if error:
                await record_rejections(conn, [Rejection(unit.edition, f"<unit {unit.unit_id}>", reason, error)],
                                        row)
            await add_unit_counts(conn, row, counts)
            await finish_unit(conn, row, error=error, attempt=attempt)

    if error:
        logger.error("unit %s: %s", unit.unit_id, error)
    await with_connection(pool, finish, retry, f"finishing unit {unit.unit_id}")
    if error:
        raise UnitFailed(f"unit {unit.unit_id}: {error}")
    return {
        "unit_id": unit.unit_id, "status": "completed", "error": None, "resumed_from": records_done, **totals,
        "skipped": counts["skipped"], "unknown_pos": counts["unknown_pos"], "timings": counts["timings"],
    }


@dataclass(slots=True)
class _InFlight:
    parsed: asyncio.Future[BatchOutcome]
    known: int  # records skipped as already stored
    known_bytes: int
    known_entries: int
    last_label: str


class _Window:
    """Reads ahead while the main process stores: up to ``window`` batches parse at once."""

    def __init__(self, unit: WorkUnit, *, row: str, attempt: str | None, pool: asyncpg.Pool, executor: Executor,
                 store: StoreBatch, retry: RetryPolicy, window: int) -> None:
        self.unit, self.row, self.attempt = unit, row, attempt
        self.pool, self.executor, self.store, self.retry, self.window = pool, executor, store, retry, window

    async def run(self, batches: AsyncIterator[Sequence[Record]], records_done: int,
                  ) -> tuple[Counter[str], dict[str, Any], str | None, str]:
        loop = asyncio.get_running_loop()
        totals: Counter[str] = Counter()
        timings: Counter[str] = Counter()
        skipped: Counter[str] = Counter()
        unknown_pos: Counter[str] = Counter()
        in_flight: deque[_InFlight] = deque()
        stored_records = records_done
        error: str | None = None
        reason = "source error"
        exhausted = False
        try:
            while True:
                while not exhausted and len(in_flight) < self.window:
                    try:
                        batch = await anext(batches, None)
                    except AqeaError as exc:
                        error, exhausted = str(exc), True
                        reason = getattr(exc, "reason", reason)
                        break
                    if batch is None:
                        exhausted = True
                        break
                    todo, known, known_bytes, known_entries = await self._without_stored(batch)
                    parsed = loop.run_in_executor(self.executor, process_batch, self.unit, todo)
                    in_flight.append(_InFlight(parsed, known, known_bytes, known_entries, batch[-1].record_label))
                if not in_flight:
                    break
                item = in_flight.popleft()
                waited = time.perf_counter()
                outcome = await item.parsed
                storing = time.perf_counter()
                outcome.pages += item.known
                outcome.text_bytes += item.known_bytes
                if item.known:
                    outcome.skipped["unchanged revision"] += item.known
                skipped.update(outcome.skipped)
                unknown_pos.update(outcome.unknown_pos)
                stored = await self.store(StoreRequest(outcome, item.known_entries, item.last_label, stored_records))
                if stored.get("superseded"):
                    totals["superseded"] = 1
                    break
                stored_records += stored["pages"]
                timings["db_s"] += stored.pop("db_ms") / 1000
                totals.update(stored)
                # where the time goes: waiting for parsers (CPU-bound) vs storing (database-bound)
                timings["wait_parse_s"] += storing - waited
                timings["store_s"] += time.perf_counter() - storing
        except DatabaseUnavailable as exc:  # gone beyond the retry window: record the unit failed if it is back
            failure = str(exc)
            with contextlib.suppress(Exception):
                await with_connection(self.pool, lambda conn: finish_unit(conn, self.row, error=failure,
                                                                          attempt=self.attempt),
                                      RetryPolicy(attempts=1), "recording the failed unit")
            raise
        finally:
            for item in in_flight:
                item.parsed.cancel()
        # what is not in the batch columns: kept with the unit, so its run's summary counts it even if it failed
        counts = {"skipped": dict(skipped), "unknown_pos": dict(unknown_pos), "realigned": totals["realigned"],
                  "views_removed": totals["views_removed"],
                  "timings": {k: round(v, 2) for k, v in timings.items()}}
        return totals, counts, error, reason

    async def _without_stored(self, batch: Sequence[Record]) -> tuple[list[Record], int, int, int]:
        """Drop records whose version is already stored by this parser version (e.g. after an API sync).

        Returns the records to parse, and the skipped ones' count, text bytes and stored entries.
        """
        keys = [r.record_key for r in batch]
        stored = await with_connection(
            self.pool, lambda conn: stored_revisions(conn, self.unit.edition, keys, PARSER_VERSION), self.retry,
            "reading stored revisions")
        if not stored:
            return list(batch), 0, 0, 0
        todo: list[Record] = []
        skipped = skipped_bytes = entries = 0
        for record in batch:
            known = stored.get(record.record_key)
            if known is not None and known[0] == record.record_version:
                skipped += 1
                skipped_bytes += record.text_bytes
                entries += known[1]
            else:
                todo.append(record)
        return todo, skipped, skipped_bytes, entries
