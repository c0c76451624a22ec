"""Batched upsert: COPY into a per-connection staging table, then one ``INSERT … ON CONFLICT``.

Rules that keep the data honest:
- the natural key (language, lemma, pos, homograph) is unique; a key held by another page of the same
  edition is never overwritten — the newcomer is rejected with the holder named ("natural key taken");
- a key held by another *edition* (the German noun 'Haus' from the English edition after the German
  edition wrote it) is one entry with one address: the newcomer's view goes to ``entry_sources``; a view its
  page no longer gives (or gives to another homograph now) is removed with its links;
- a word's homographs are first matched by evidence to the other edition's numbering, or to what their page
  stored before, so that keys (and addresses) follow meanings, not page order (store/align.py);
- relations (translations, synonyms, …) are replaced per (entry, edition) whenever the entry changed;
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
from aqea.store.align import align_homographs
from aqea.store.untyped import attach_untyped

_STAGING_DDL = """
CREATE TEMP TABLE IF NOT EXISTS aqea_staging (
    language text, lemma text, pos text, homograph integer,
    label text, description text, domain text, category smallint, subcategory smallint,
    meta jsonb, content_hash text, source text, record_key text COLLATE "C", record_version text COLLATE "C",
    unaddressed_reason text
) ON COMMIT DELETE ROWS
"""
_STAGING_COLUMNS = (
    "language", "lemma", "pos", "homograph", "label", "description", "domain", "category",
    "subcategory", "meta", "content_hash", "source", "record_key", "record_version", "unaddressed_reason",
)
_RELATION_COLUMNS = ("from_entry", "kind", "target_language", "target_lemma", "sense", "note", "source")

_HELD = """
SELECT s.language, s.lemma, s.pos, s.homograph, s.source, s.record_key, s.record_version,
       e.id AS entry_id, e.source AS held_source, e.record_key AS held_record_key
FROM aqea_staging s
JOIN aqea_entries e USING (language, lemma, pos, homograph)
WHERE (e.source, e.record_key) IS DISTINCT FROM (s.source, s.record_key) AND e.deleted_at IS NULL
"""

_DROP_HELD = """
DELETE FROM aqea_staging s USING aqea_entries e
WHERE (e.language, e.lemma, e.pos, e.homograph) = (s.language, s.lemma, s.pos, s.homograph)
  AND (e.source, e.record_key) IS DISTINCT FROM (s.source, s.record_key) AND e.deleted_at IS NULL
"""

_MERGE_VIEWS = """
INSERT INTO entry_sources AS v (entry_id, source, record_key, record_version, label, description, meta, content_hash)
SELECT e.id, s.source, s.record_key, s.record_version, s.label, s.description, s.meta || $1::jsonb, s.content_hash
FROM aqea_staging s JOIN aqea_entries e USING (language, lemma, pos, homograph)
WHERE e.source <> s.source
ON CONFLICT (entry_id, source) DO UPDATE SET
    record_key = EXCLUDED.record_key, record_version = EXCLUDED.record_version, label = EXCLUDED.label,
    description = EXCLUDED.description, meta = EXCLUDED.meta, content_hash = EXCLUDED.content_hash,
    updated_at = now()
WHERE v.content_hash IS DISTINCT FROM EXCLUDED.content_hash
RETURNING v.entry_id, (v.xmax = 0) AS inserted
"""

_MERGE = """
INSERT INTO aqea_entries AS e (language, lemma, pos, homograph, label, description, domain, category,
                               subcategory, meta, content_hash, source, record_key, record_version,
                               unaddressed_reason)
SELECT language, lemma, pos, homograph, label, description, domain, category, subcategory,
       meta || $1::jsonb, content_hash, source, record_key, record_version, unaddressed_reason
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
    source = EXCLUDED.source,  -- differs only when a deleted entry is taken over by a new page
    record_key = EXCLUDED.record_key,
    record_version = EXCLUDED.record_version,
    unaddressed_reason = CASE WHEN e.address IS NULL THEN EXCLUDED.unaddressed_reason END,
    deleted_at = NULL,
    updated_at = now()
WHERE e.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR e.deleted_at IS NOT NULL
RETURNING e.id, (e.xmax = 0) AS inserted, e.language, e.lemma, e.pos, e.homograph
"""

_CLEAR_RELATIONS = "DELETE FROM relations WHERE from_entry = ANY($1::bigint[]) AND source = $2"

# Views the batch's records no longer give (the section went, or the homograph matched another entry now).
_STALE_VIEWS = """
DELETE FROM entry_sources v
WHERE v.source = $1 AND v.record_key = ANY($2::text[]) AND NOT (v.entry_id = ANY($3::bigint[]))
RETURNING v.entry_id
"""

# Entries a re-parsed page no longer produces (section removed, page turned into a redirect) are kept,
# marked deleted; the staging table holds everything the batch's pages produce now.
_RECONCILE_PAGES = """
UPDATE aqea_entries e SET deleted_at = now(), updated_at = now()
WHERE e.source = $1 AND e.record_key = ANY($2::text[]) AND e.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM aqea_staging s
                  WHERE (s.language, s.lemma, s.pos, s.homograph) = (e.language, e.lemma, e.pos, e.homograph))
"""


@dataclass(slots=True)
class UpsertResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0  # of the above: views of entries held by another edition (entry_sources)
    deleted: int = 0  # entries their page no longer produces (kept, marked deleted)
    views_removed: int = 0  # views of another edition's entries their page no longer gives (removed)
    realigned: int = 0  # entries whose key got another homograph number than their page's (store/align.py)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.new + self.updated + self.unchanged


Key = tuple[str, str, str, int]


def dedupe(entries: Sequence[Entry], source: str) -> tuple[list[Entry], list[Rejection]]:
    """Keep the first entry per natural key; later ones in the same batch are rejected, not lost."""
    seen: dict[Key, Entry] = {}
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
                    detail=f"{key} already produced by record {holder.provenance.record_key} in the same batch",
                    record_key=entry.provenance.record_key,
                    record_version=entry.provenance.record_version,
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
        entry.provenance.source, entry.provenance.record_key, entry.provenance.record_version,
        entry.unaddressed_reason,
    )


async def _replace_relations(
    conn: asyncpg.Connection, changed: dict[int, Entry], source: str
) -> None:
    """Relations of changed entries (and edition) are replaced as a whole: removed links disappear too."""
    if not changed:
        return
    records: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for entry_id, entry in changed.items():
        for kind, target, language, sense, note in entry.relations:
            # one row per unique link (the first note wins): COPY straight into the table, no staging sort
            records.setdefault((entry_id, kind, language, target, sense),
                               (entry_id, kind, language, target, sense, note, source))
    await conn.execute(_CLEAR_RELATIONS, list(changed), source)
    if records:
        await conn.copy_records_to_table("relations", records=list(records.values()), columns=_RELATION_COLUMNS)


async def upsert_entries(
    conn: asyncpg.Connection,
    entries: Sequence[Entry],
    *,
    source: str,
    provenance: dict[str, Any] | None = None,
    record_keys: Sequence[str] = (),
) -> UpsertResult:
    """Merge ``entries`` into ``aqea_entries``. Must run inside the caller's transaction.

    ``record_keys``: the records these entries were parsed from; their entries not produced again are marked
    deleted.
    """
    result = UpsertResult()
    entries = await attach_untyped(conn, entries)  # words without a part of speech onto their typed entry
    aligned = await align_homographs(conn, entries, source)
    result.realigned = sum(1 for a, e in zip(aligned, entries, strict=True) if a is not e)
    unique, result.rejections = dedupe(aligned, source)
    by_key = {e.natural_key: e for e in unique}
    await conn.execute(_STAGING_DDL)
    if not unique:
        if record_keys:
            result.deleted = int((await conn.execute(_RECONCILE_PAGES, source, list(record_keys))).split()[-1])
            result.views_removed = await remove_stale_views(conn, source, record_keys)
        return result
    await conn.copy_records_to_table("aqea_staging", records=[_record(e) for e in unique], columns=_STAGING_COLUMNS)
    # Temp tables have no statistics: without them the planner may hash-join the whole entries table on
    # every batch (cost growing with the database); with them it probes the natural-key index.
    await conn.execute("ANALYZE aqea_staging")
    views: dict[int, Entry] = {}
    taken = 0
    for held in await conn.fetch(_HELD):
        key = (held["language"], held["lemma"], held["pos"], held["homograph"])
        if held["held_source"] != held["source"]:
            views[held["entry_id"]] = by_key[key]
            continue
        taken += 1
        result.rejections.append(
            Rejection(
                source=held["source"],
                title=held["lemma"],
                reason="natural key taken",
                detail=f"{key} is held by {held['held_source']} record {held['held_record_key']}",
                record_key=held["record_key"],
                record_version=held["record_version"],
            )
        )
    changed_views = await conn.fetch(_MERGE_VIEWS, provenance or {}) if views else []
    await conn.execute(_DROP_HELD)
    rows = await conn.fetch(_MERGE, provenance or {})
    result.new = sum(1 for r in rows if r["inserted"]) + sum(1 for r in changed_views if r["inserted"])
    result.updated = len(rows) + len(changed_views) - result.new
    result.unchanged = len(unique) - taken - len(rows) - len(changed_views)
    result.merged = len(views)
    changed = {r["id"]: by_key[(r["language"], r["lemma"], r["pos"], r["homograph"])] for r in rows}
    changed.update({r["entry_id"]: views[r["entry_id"]] for r in changed_views})
    await _replace_relations(conn, changed, source)
    if record_keys:
        result.deleted = int((await conn.execute(_RECONCILE_PAGES, source, list(record_keys))).split()[-1])
        result.views_removed = await remove_stale_views(conn, source, record_keys, list(views))
    return result


async def remove_stale_views(
    conn: asyncpg.Connection, source: str, record_keys: Sequence[str], current: Sequence[int] = ()
) -> int:
    """Remove the views (and their links) the pages gave earlier but not now — all of them when ``current``
    (the entry ids they give views of now) is empty; returns how many."""
    stale = [r["entry_id"] for r in await conn.fetch(_STALE_VIEWS, source, list(record_keys), list(current))]
    if stale:
        await conn.execute(_CLEAR_RELATIONS, stale, source)
    return len(stale)
