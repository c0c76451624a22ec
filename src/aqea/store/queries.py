"""Read-side queries for the CLI: statistics, run summaries, progress."""

from __future__ import annotations

from typing import Any

import asyncpg


async def entry_stats(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Counts per domain/language and category/pos, with how many have an address."""
    rows = await conn.fetch(
        """SELECT coalesce(domain, '-') AS domain, language, category, pos,
                  count(*) AS entries, count(address) AS addressed
           FROM aqea_entries GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 NULLS LAST, 4"""
    )
    return [dict(r) for r in rows]


async def rejection_stats(conn: asyncpg.Connection, run_id: str | None = None) -> list[dict[str, Any]]:
    if run_id is None:
        rows = await conn.fetch(
            "SELECT reason, count(*) AS pages FROM rejected_pages GROUP BY reason ORDER BY 2 DESC, 1"
        )
    else:
        rows = await conn.fetch(
            """SELECT reason, count(*) AS pages FROM rejected_pages
               WHERE work_unit LIKE $1 || '/%' GROUP BY reason ORDER BY 2 DESC, 1""",
            run_id,
        )
    return [dict(r) for r in rows]


async def run_progress(conn: asyncpg.Connection, run_id: str) -> dict[str, Any]:
    """Totals over the run's units (used by the progress bar and summaries)."""
    row = await conn.fetchrow(
        """SELECT count(*) AS units,
                  count(*) FILTER (WHERE status = 'completed') AS completed,
                  count(*) FILTER (WHERE status = 'failed') AS failed,
                  count(*) FILTER (WHERE status = 'processing') AS processing,
                  coalesce(sum(pages_processed), 0) AS pages,
                  coalesce(sum(text_bytes), 0) AS text_bytes,
                  coalesce(sum(entries_processed), 0) AS entries,
                  coalesce(sum(entries_new), 0) AS new,
                  coalesce(sum(entries_updated), 0) AS updated,
                  coalesce(sum(entries_unchanged), 0) AS unchanged,
                  coalesce(sum(rejected), 0) AS rejected,
                  coalesce(sum((range->>'pages_estimate')::bigint), 0) AS pages_estimate
           FROM work_units WHERE run_id = $1""",
        run_id,
    )
    return {k: int(v) for k, v in dict(row).items()}


async def failed_units(conn: asyncpg.Connection, run_id: str) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT unit_key, error FROM work_units WHERE run_id = $1 AND status <> 'completed' ORDER BY unit_key",
        run_id,
    )
    return [dict(r) for r in rows]
