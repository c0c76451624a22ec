"""Bookkeeping of extraction runs, work units and rejected pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from aqea.errors import AqeaError
from aqea.model import Entry, Link, Rejection
from aqea.processes import ProcessIdentity, this_process
from aqea.store.links import LinksStored, store_links
from aqea.store.upsert import UpsertResult, upsert_entries


async def start_run(
    conn: asyncpg.Connection, run_id: str, *, source: str, language: str, dump: str,
    flow_run_id: str | None, units: int,
) -> None:
    """Record the run as running, owned by this process (see ``interrupt_orphaned_runs``)."""
    owner = this_process()
    await conn.execute(
        """INSERT INTO extraction_runs (id, source, language, dump, status, flow_run_id, units,
                                        owner_host, owner_pid, owner_started)
           VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $9)
           ON CONFLICT (id) DO UPDATE SET status = 'running', flow_run_id = EXCLUDED.flow_run_id,
               units = EXCLUDED.units, finished_at = NULL, owner_host = EXCLUDED.owner_host,
               owner_pid = EXCLUDED.owner_pid, owner_started = EXCLUDED.owner_started""",
        run_id, source, language, dump, flow_run_id, units, owner.host, owner.pid, owner.started,
    )


async def record_licences(conn: asyncpg.Connection, licences: Sequence[tuple[str, str, str, str]]) -> None:
    """Keep (edition, source, licence, attribution) for the editions a run writes (``source_licences``)."""
    await conn.executemany(
        """INSERT INTO source_licences (edition, source, licence, attribution) VALUES ($1, $2, $3, $4)
           ON CONFLICT (edition) DO UPDATE SET source = EXCLUDED.source, licence = EXCLUDED.licence,
               attribution = EXCLUDED.attribution, updated_at = now()
           WHERE (source_licences.source, source_licences.licence, source_licences.attribution)
                 IS DISTINCT FROM (EXCLUDED.source, EXCLUDED.licence, EXCLUDED.attribution)""",
        list(licences),
    )


async def finish_run(conn: asyncpg.Connection, run_id: str, *, ok: bool, summary: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE extraction_runs SET status = $2, finished_at = now(), summary = $3 WHERE id = $1",
        run_id, "completed" if ok else "failed", summary,
    )


async def interrupt_run(conn: asyncpg.Connection, run_id: str) -> None:
    """Mark a running run and its unfinished units interrupted (Ctrl-C, SIGTERM, a killed process).

    What its units stored stays: each batch was stored with its checkpoint in one transaction.
    """
    async with conn.transaction():
        await conn.execute(
            """UPDATE work_units SET status = 'interrupted', updated_at = now()
               WHERE run_id = $1 AND status IN ('pending', 'processing')""",
            run_id,
        )
        await conn.execute(
            """UPDATE extraction_runs SET status = 'interrupted', finished_at = now()
               WHERE id = $1 AND status = 'running'""",
            run_id,
        )


async def interrupt_orphaned_runs(conn: asyncpg.Connection) -> list[str]:
    """Mark interrupted every run still 'running' whose process is gone (killed before it could say so).

    Only runs owned by a process of this host can be checked; runs of other hosts are left as they are.
    Returns the ids of the runs marked.
    """
    rows = await conn.fetch(
        """SELECT id, owner_host, owner_pid, owner_started FROM extraction_runs
           WHERE status = 'running' AND owner_pid IS NOT NULL"""
    )
    orphaned = [r["id"] for r in rows
                if ProcessIdentity(r["owner_host"], r["owner_pid"], r["owner_started"]).is_gone()]
    for run_id in orphaned:
        await interrupt_run(conn, run_id)
    return orphaned


async def interrupt_own_runs(conn: asyncpg.Connection) -> list[str]:
    """Mark interrupted the runs this process still has running (after a Ctrl-C or SIGTERM); returns their ids."""
    me = this_process()
    ids = [r["id"] for r in await conn.fetch(
        "SELECT id FROM extraction_runs WHERE status = 'running' AND owner_host = $1 AND owner_pid = $2",
        me.host, me.pid)]
    for run_id in ids:
        await interrupt_run(conn, run_id)
    return ids


async def register_units(
    conn: asyncpg.Connection, run_id: str, units: Sequence[tuple[str, dict[str, Any]]], *, source: str,
    language: str,
) -> None:
    """Record planned units — (unit id, the unit as JSON) — as pending (idempotent: a re-planned run keeps
    progress of its units)."""
    await conn.executemany(
        """INSERT INTO work_units (id, run_id, unit_key, source, language, range, status)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending') ON CONFLICT (id) DO NOTHING""",
        [(unit_row_id(run_id, unit_id), run_id, unit_id, source, language, unit) for unit_id, unit in units],
    )


def unit_row_id(run_id: str, unit_id: str) -> str:
    return f"{run_id}/{unit_id}"


class Superseded(AqeaError):
    """This flow run is no longer the unit's current attempt (the parent moved the unit elsewhere)."""


async def claim_unit(conn: asyncpg.Connection, row_id: str, flow_run_id: str | None) -> tuple[int, str | None]:
    """Mark a unit processing; returns its checkpoint to resume from: pages already stored, and the last
    stored title (API units resume by title, dump units by page count). Raises Superseded when the parent
    has made another flow run the unit's current attempt."""
    row = await conn.fetchrow(
        """UPDATE work_units SET status = 'processing', flow_run_id = $2, error = NULL,
               started_at = coalesce(started_at, now()), updated_at = now()
           WHERE id = $1 AND (current_attempt IS NULL OR current_attempt = $2)
           RETURNING pages_processed, checkpoint_key""",
        row_id, flow_run_id,
    )
    if row is None:
        if await conn.fetchval("SELECT 1 FROM work_units WHERE id = $1", row_id) is None:
            raise LookupError(f"work unit {row_id} is not registered")
        raise Superseded(f"work unit {row_id}: flow run {flow_run_id} is not its current attempt")
    return int(row["pages_processed"]), row["checkpoint_key"]


async def finish_unit(
    conn: asyncpg.Connection, row_id: str, *, error: str | None = None, attempt: str | None = None
) -> None:
    await conn.execute(
        """UPDATE work_units SET status = $2, error = $3, finished_at = now(), updated_at = now()
           WHERE id = $1 AND (current_attempt IS NULL OR current_attempt = $4)""",
        row_id, "failed" if error else "completed", error, attempt,
    )


def add_counts(total: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """Sum two count documents: numbers add up, nested mappings add up key by key."""
    result = dict(total)
    for key, value in more.items():
        if isinstance(value, dict):
            result[key] = add_counts(result.get(key) or {}, value)
        elif isinstance(value, int | float):
            result[key] = (result.get(key) or 0) + value
    return result


async def add_unit_counts(conn: asyncpg.Connection, row_id: str, counts: dict[str, Any]) -> None:
    """Add an attempt's counters (skipped pages by reason, unknown POS names, …) to the unit's ``counts``."""
    async with conn.transaction():
        stored = await conn.fetchval("SELECT counts FROM work_units WHERE id = $1 FOR UPDATE", row_id)
        if stored is None:
            return
        await conn.execute("UPDATE work_units SET counts = $2 WHERE id = $1", row_id, add_counts(stored, counts))


async def record_rejections(
    conn: asyncpg.Connection, rejections: Sequence[Rejection], work_unit: str | None = None
) -> None:
    if not rejections:
        return
    await conn.executemany(
        """INSERT INTO rejected_pages (source, title, reason, detail, record_key, record_version, work_unit)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT ON CONSTRAINT rejected_pages_once DO UPDATE SET
               detail = EXCLUDED.detail, record_key = EXCLUDED.record_key,
               record_version = EXCLUDED.record_version,
               work_unit = EXCLUDED.work_unit, last_seen = now()""",
        [(r.source, r.title, r.reason, r.detail, r.record_key, r.record_version, work_unit) for r in rejections],
    )


@dataclass(slots=True)
class BatchStored:
    pages: int
    text_bytes: int
    entries: int
    new: int
    updated: int
    unchanged: int
    deleted: int
    rejected: int
    realigned: int = 0  # entries keyed to another homograph number than their page's (store/align.py)
    views_removed: int = 0  # views of other editions' entries their pages no longer give
    already_stored: bool = False  # an earlier try committed it (its reply was lost): counted once, not again
    links: LinksStored | None = None  # what a link source's links did (ConceptNet: store/links.py)


async def store_batch(
    conn: asyncpg.Connection,
    *,
    unit_row: str,
    source: str,
    entries: Sequence[Entry],
    rejections: Sequence[Rejection],
    pages: int,
    text_bytes: int,
    provenance: dict[str, Any] | None = None,
    record_keys: Sequence[str] = (),
    unchanged_pages_entries: int = 0,
    checkpoint_key: str | None = None,
    attempt: str | None = None,
    pages_before: int | None = None,
    links: Sequence[Link] = (),
    link_words: Sequence[Entry] = (),
) -> BatchStored:
    """Upsert one batch and advance the unit's checkpoint in the same transaction.

    Either the whole batch and its checkpoint are stored, or neither: a retry resumes exactly.
    ``unchanged_pages_entries``: entries of pages skipped because their revision is already stored.
    ``pages_before``: the unit's stored pages before this batch, as its writer counted them. When the
    unit already holds ``pages_before + pages``, an earlier try of this very batch committed and only its
    reply was lost (the connection dropped): the batch is not counted twice, and the checkpoint stays right.
    ``links`` / ``link_words``: a link source's links and the words they name (``aqea.store.links``).
    """
    async with conn.transaction():
        if pages_before is not None and pages:
            done = await conn.fetchval("SELECT pages_processed FROM work_units WHERE id = $1", unit_row)
            if done == pages_before + pages:
                return BatchStored(pages=pages, text_bytes=text_bytes, entries=0, new=0, updated=0, unchanged=0,
                                   deleted=0, rejected=0, already_stored=True)
        result: UpsertResult = await upsert_entries(conn, entries, source=source, provenance=provenance,
                                                    record_keys=record_keys)
        result.unchanged += unchanged_pages_entries
        linked = None
        if links or link_words:
            linked = await store_links(conn, source, link_words, links, provenance)
            result.new += linked.entries_new
            result.updated += linked.entries_updated
            result.rejections += linked.rejections
        all_rejections = [*rejections, *result.rejections]
        await record_rejections(conn, all_rejections, unit_row)
        status = await conn.execute(
            """UPDATE work_units SET pages_processed = pages_processed + $2, text_bytes = text_bytes + $3,
                   entries_processed = entries_processed + $4, entries_new = entries_new + $5,
                   entries_updated = entries_updated + $6, entries_unchanged = entries_unchanged + $7,
                   rejected = rejected + $8, checkpoint_key = coalesce($9, checkpoint_key), updated_at = now()
               WHERE id = $1 AND (current_attempt IS NULL OR current_attempt = $10)""",
            unit_row, pages, text_bytes, result.written, result.new, result.updated, result.unchanged,
            len(all_rejections), checkpoint_key, attempt,
        )
        if status.split()[-1] == "0":  # rolls the whole batch back: only the current attempt writes
            raise Superseded(f"work unit {unit_row}: flow run {attempt} is no longer its current attempt")
    return BatchStored(
        pages=pages, text_bytes=text_bytes, entries=result.written, new=result.new,
        updated=result.updated, unchanged=result.unchanged, deleted=result.deleted,
        rejected=len(all_rejections), realigned=result.realigned, views_removed=result.views_removed,
        links=linked,
    )
