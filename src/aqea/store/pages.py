"""Record-level bookkeeping: what version of a record (a page) is stored, and records that were deleted."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from aqea.store.upsert import remove_stale_views


async def stored_revisions(
    conn: asyncpg.Connection, source: str, record_keys: Sequence[str], parser_version: str
) -> dict[str, tuple[str, int]]:
    """record key → (stored version, entries stored for it), for records parsed by this parser version.

    Lets a re-run skip records (pages) whose version (revision) is already stored, e.g. after an API sync,
    without parsing them; entries of other editions' views count too.
    """
    rows = await conn.fetch(
        """SELECT record_key, max(record_version) AS record_version, count(*) AS entries FROM (
               SELECT record_key, record_version FROM aqea_entries
               WHERE source = $1 AND record_key = ANY($2::text[]) AND deleted_at IS NULL
                 AND meta->>'parser_version' = $3
               UNION ALL
               SELECT record_key, record_version FROM entry_sources
               WHERE source = $1 AND record_key = ANY($2::text[]) AND meta->>'parser_version' = $3
           ) stored GROUP BY record_key""",
        source, list(record_keys), parser_version,
    )
    return {r["record_key"]: (r["record_version"], r["entries"]) for r in rows}


async def mark_pages_deleted(conn: asyncpg.Connection, source: str, page_ids: Sequence[int]) -> int:
    """Entries of deleted pages stay (with their addresses), marked deleted; their views of other editions'
    entries go, with the links they brought."""
    keys = [str(p) for p in page_ids]  # a page's record key is its id
    status = await conn.execute(
        """UPDATE aqea_entries SET deleted_at = now(), updated_at = now()
           WHERE source = $1 AND record_key = ANY($2::text[]) AND deleted_at IS NULL""",
        source, keys,
    )
    await remove_stale_views(conn, source, keys)  # the page gives no view any more
    return int(status.split()[-1])


async def mark_titles_deleted(conn: asyncpg.Connection, source: str, titles: Sequence[str]) -> int:
    """Deletion events of ``recentchanges`` carry no page id: find the entries by their page title."""
    status = await conn.execute(
        """UPDATE aqea_entries SET deleted_at = now(), updated_at = now()
           WHERE source = $1 AND meta->>'title' = ANY($2::text[]) AND deleted_at IS NULL""",
        source, list(titles),
    )
    keys = await conn.fetch(
        "SELECT DISTINCT record_key FROM entry_sources WHERE source = $1 AND meta->>'title' = ANY($2::text[])",
        source, list(titles),
    )
    await remove_stale_views(conn, source, [r["record_key"] for r in keys])
    return int(status.split()[-1])
