"""Batched upsert: COPY into a per-connection staging table, then one ``INSERT … ON CONFLICT``.

Rules that keep the data honest:
- the natural key (language, lemma, pos, homograph) is unique; a key held by another page is never
  overwritten — the newcomer is rejected with the holder named ("natural key taken");
- an entry whose content hash is unchanged is not rewritten (a re-run reports it as unchanged);
- an address, once given, never changes; new entries are stored without one ("pending") and addressed
  by the allocator (store/allocate.py) in a deterministic order once their run has stored everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from aqea.address import format_domain
from aqea.model import Entry, Rejection

_STAGING_DDL = """
CREATE TEMP TABLE IF NOT EXISTS aqea_staging (
    language text, lemma text, pos text, homograph integer,
    label text, description text, domain text, category smallint, subcategory smallint,
    meta jsonb, content_hash text, source text, page_id bigint, revision_id bigint,
    unaddressed_reason text
) ON COMMIT DELETE ROWS
"""
_STAGING_COLUMNS = (
    "language", "lemma", "pos", "homograph", "label", "description", "domain", "category",
    "subcategory", "meta", "content_hash", "source", "page_id", "revision_id", "unaddressed_reason",
)

_FIND_CLASHES = """
SELECT s.language, s.lemma, s.pos, s.homograph, s.source, s.page_id, s.revision_id,
       e.source AS held_source, e.page_id AS held_page_id, e.meta->>'title' AS held_title
FROM aqea_staging s
JOIN aqea_entries e USING (language, lemma, pos, homograph)
WHERE (e.source, e.page_id) IS DISTINCT FROM (s.source, s.page_id)
"""

_DROP_CLASHES = """
DELETE FROM aqea_staging s USING aqea_entries e
WHERE (e.language, e.lemma, e.pos, e.homograph) = (s.language, s.lemma, s.pos, s.homograph)
  AND (e.source, e.page_id) IS DISTINCT FROM (s.source, s.page_id)
"""

_MERGE = """
INSERT INTO aqea_entries AS e (language, lemma, pos, homograph, label, description, domain, category,
                               subcategory, meta, content_hash, source, page_id, revision_id,
                               unaddressed_reason)
SELECT language, lemma, pos, homograph, label, description, domain, category, subcategory,
       meta || $1::jsonb, content_hash, source, page_id, revision_id, unaddressed_reason
FROM aqea_staging
ORDER BY language, lemma, pos, homograph  -- one lock order for every writer: no deadlocks
ON CONFLICT ON CONSTRAINT aqea_entries_natural_key DO UPDATE SET
    label = EXCLUDED.label,
    description = EXCLUDED.description,
    domain = EXCLUDED.domain,
    category = EXCLUDED.category,
    subcategory = EXCLUDED.subcategory,
    meta = EXCLUDED.meta,
    content_hash = EXCLUDED.content_hash,
    revision_id = EXCLUDED.revision_id,
    unaddressed_reason = CASE WHEN e.address IS NULL THEN EXCLUDED.unaddressed_reason END,
    updated_at = now()
WHERE e.content_hash IS DISTINCT FROM EXCLUDED.content_hash
RETURNING (e.xmax = 0) AS inserted
"""


@dataclass(slots=True)
class UpsertResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.new + self.updated + self.unchanged


def dedupe(entries: Sequence[Entry], source: str) -> tuple[list[Entry], list[Rejection]]:
    """Keep the first entry per natural key; later ones in the same batch are rejected, not lost."""
    seen: dict[tuple[str, str, str, int], Entry] = {}
    rejected: list[Rejection] = []
    for entry in entries:
        key = entry.natural_key
        if key in seen:
            holder = seen[key]
            rejected.append(
                Rejection(
                    source=source,
                    title=str(entry.meta.get("title", entry.lemma)),
                    reason="natural key taken",
                    detail=f"{key} already produced by page {holder.meta.get('page_id')} in the same batch",
                    page_id=entry.meta.get("page_id"),
                    revision_id=entry.meta.get("revision_id"),
                )
            )
            continue
        seen[key] = entry
    return list(seen.values()), rejected


def _record(entry: Entry) -> tuple[Any, ...]:
    return (
        entry.language, entry.lemma, entry.pos, entry.homograph, entry.label, entry.description,
        format_domain(entry.domain) if entry.domain is not None else None,
        entry.category, entry.subcategory, entry.meta, entry.content_hash,
        entry.meta.get("source", ""), entry.meta.get("page_id"), entry.meta.get("revision_id"),
        entry.unaddressed_reason,
    )


async def upsert_entries(
    conn: asyncpg.Connection,
    entries: Sequence[Entry],
    *,
    source: str,
    provenance: dict[str, Any] | None = None,
) -> UpsertResult:
    """Merge ``entries`` into ``aqea_entries``. Must run inside the caller's transaction."""
    result = UpsertResult()
    unique, result.rejections = dedupe(entries, source)
    if not unique:
        return result
    await conn.execute(_STAGING_DDL)
    await conn.copy_records_to_table(
        "aqea_staging", records=[_record(e) for e in unique], columns=_STAGING_COLUMNS
    )
    clashes = await conn.fetch(_FIND_CLASHES)
    for clash in clashes:
        key = (clash["language"], clash["lemma"], clash["pos"], clash["homograph"])
        result.rejections.append(
            Rejection(
                source=clash["source"],
                title=clash["lemma"],
                reason="natural key taken",
                detail=f"{key} is held by {clash['held_source']} page {clash['held_page_id']}",
                page_id=clash["page_id"],
                revision_id=clash["revision_id"],
            )
        )
    await conn.execute(_DROP_CLASHES)
    staged = len(unique) - len(clashes)
    rows = await conn.fetch(_MERGE, provenance or {})
    result.new = sum(1 for r in rows if r["inserted"])
    result.updated = len(rows) - result.new
    result.unchanged = staged - len(rows)
    return result
