"""Page-level bookkeeping: what revision of a page is stored, and pages that were deleted."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from aqea.store.upsert import remove_stale_views


async def stored_revisions(
    conn: asyncpg.Connection, source: str, page_ids: Sequence[int], parser_version: str
) -> dict[int, tuple[int, int]]:
    """page id → (stored revision id, entries stored for it), for pages parsed by this parser version.

    Lets a dump re-run skip pages whose revision is already stored (e.g. after an API sync) without parsing
    them; entries of other editions' views count too.
    """
    rows = await conn.fetch(
        """SELECT page_id, max(revision_id) AS revision_id, count(*) AS entries FROM (
               SELECT page_id, revision_id FROM aqea_entries
               WHERE source = $1 AND page_id = ANY($2::bigint[]) AND deleted_at IS NULL
                 AND meta->>'parser_version' = $3
               UNION ALL
               SELECT page_id, revision_id FROM entry_sources
               WHERE source = $1 AND page_id = ANY($2::bigint[]) AND meta->>'parser_version' = $3
           ) stored GROUP BY page_id""",
        source, list(page_ids), parser_version,
    )
    return {r["page_id"]: (r["revision_id"], r["entries"]) for r in rows}


async def mark_pages_deleted(conn: asyncpg.Connection, source: str, page_ids: Sequence[int]) -> int:
    """Entries of deleted pages stay (with their addresses), marked deleted; their views of other editions'
    entries go, with the links they brought."""
    status = await conn.execute(
        """UPDATE aqea_entries SET deleted_at = now(), updated_at = now()
           WHERE source = $1 AND page_id = ANY($2::bigint[]) AND deleted_at IS NULL""",
        source, list(page_ids),
    )
    await remove_stale_views(conn, source, page_ids)  # the page gives no view any more
    return int(status.split()[-1])


async def mark_titles_deleted(conn: asyncpg.Connection, source: str, titles: Sequence[str]) -> int:
    """Deletion events of ``recentchanges`` carry no page id: find the entries by their page title."""
    status = await conn.execute(
        """UPDATE aqea_entries SET deleted_at = now(), updated_at = now()
           WHERE source = $1 AND meta->>'title' = ANY($2::text[]) AND deleted_at IS NULL""",
        source, list(titles),
    )
    page_ids = await conn.fetch(
        "SELECT DISTINCT page_id FROM entry_sources WHERE source = $1 AND meta->>'title' = ANY($2::text[])",
        source, list(titles),
    )
    await remove_stale_views(conn, source, [r["page_id"] for r in page_ids])
    return int(status.split()[-1])
