"""Reading the whole registry for an export: entries with their links and views, a batch at a time.

Memory stays flat whatever the size of the database: entries are read by keyset pagination (``id > last``,
``LIMIT batch``) inside one REPEATABLE READ transaction, so every batch sees the same snapshot, and a batch ends
early once its entries have ``max_links`` links and link statements (a German word can have hundreds of
translations; a ConceptNet link several statements): no batch holds more than ``batch`` entries or, beyond its first
entry, ``max_links`` links and statements.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from aqea.store.relations import add_statements

_ENTRIES = """
SELECT e.id, e.address, e.address_int, e.language, e.lemma, e.pos, e.homograph, e.label, e.description, e.domain,
       e.category, e.subcategory, e.meta, e.content_hash, e.source, e.record_key, e.record_version,
       e.unaddressed_reason, e.created_at, e.updated_at, e.deleted_at, l.licence, l.attribution,
       (SELECT count(*) FROM relations r WHERE r.from_entry = e.id)
       + (SELECT count(*) FROM link_sources s WHERE s.from_entry = e.id) AS link_count
FROM aqea_entries e LEFT JOIN source_licences l ON l.edition = e.source
WHERE e.id > $1 AND ($2::text IS NULL OR e.language = $2)
  AND ($3::text IS NULL OR e.source = $3 OR e.source IN (SELECT edition FROM source_licences WHERE source = $3))
ORDER BY e.id LIMIT $4
"""

# The resolved target is named by its natural key (language, lemma, pos, homograph) and its address: an import
# finds it again by the key, which every entry has (the address only addressed ones).
_LINKS = """
SELECT r.from_entry, r.kind, r.target_language, r.target_lemma, r.sense, r.note, r.source,
       t.address AS target_address, t.pos AS target_pos, t.homograph AS target_homograph,
       t.language AS resolved_language, t.lemma AS resolved_lemma
FROM relations r LEFT JOIN aqea_entries t ON t.id = r.to_entry
WHERE r.from_entry = ANY($1::bigint[])
ORDER BY r.from_entry, r.id
"""

_VIEWS = """
SELECT v.entry_id, v.source, v.record_key, v.record_version, v.label, v.description, v.meta, v.content_hash,
       v.created_at, v.updated_at, l.licence, l.attribution
FROM entry_sources v LEFT JOIN source_licences l ON l.edition = v.source
WHERE v.entry_id = ANY($1::bigint[])
ORDER BY v.entry_id, v.source
"""


@dataclass(slots=True)
class ExportedEntry:
    """One entry row with its outgoing links (each with its ``statements``, store/relations.add_statements) and
    other sources' views, in the database's order."""

    row: dict[str, Any]
    links: list[dict[str, Any]] = field(default_factory=list)
    views: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    language: str | None = None
    source: str | None = None  # an edition as stored (dewiktionary) or a registered source (wiktionary-dump)


async def iter_entries(
    conn: asyncpg.Connection, selection: ExportFilter, batch: int = 2000, max_links: int = 20_000
) -> AsyncIterator[list[ExportedEntry]]:
    """Batches of entries in id order; run inside the caller's REPEATABLE READ transaction (one snapshot)."""
    last = 0
    while True:
        rows = await conn.fetch(_ENTRIES, last, selection.language, selection.source, batch)
        if not rows:
            return
        links_seen, cut = 0, len(rows)
        for i, row in enumerate(rows):
            links_seen += row["link_count"]
            if links_seen > max_links and i > 0:
                cut = i  # the rest comes in the next batch
                break
        entries = {r["id"]: ExportedEntry(dict(r)) for r in rows[:cut]}
        ids = list(entries)
        links = [dict(link) for link in await conn.fetch(_LINKS, ids)]
        await add_statements(conn, links, drop=())
        for link in links:
            entries[link["from_entry"]].links.append(link)
        for view in await conn.fetch(_VIEWS, ids):
            entries[view["entry_id"]].views.append(dict(view))
        yield list(entries.values())
        last = ids[-1]


async def licences(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Every edition's licence and attribution (source_licences)."""
    rows = await conn.fetch("SELECT edition, source, licence, attribution FROM source_licences ORDER BY edition")
    return [dict(r) for r in rows]


async def allocator_state(
    conn: asyncpg.Connection, blocks: set[tuple[int, int, int]], languages: set[str]
) -> dict[str, list[Any]]:
    """What the allocator remembers about the exported entries' blocks (the highest element ever handed out,
    which may be above the highest address still held) and their languages' shared-domain slots, so that an
    import never hands out an address the exported registry already gave."""
    block_rows = await conn.fetch(
        """SELECT domain, category, subcategory, last_element FROM address_blocks
           WHERE (domain, category, subcategory) IN (SELECT * FROM unnest($1::int[], $2::int[], $3::int[]))
           ORDER BY 1, 2, 3""",
        [b[0] for b in blocks], [b[1] for b in blocks], [b[2] for b in blocks],
    )
    slot_rows = await conn.fetch(
        "SELECT domain, slot, language FROM language_slots WHERE language = ANY($1::text[]) ORDER BY assigned_order",
        sorted(languages),
    )
    return {"address_blocks": [[r["domain"], r["category"], r["subcategory"], r["last_element"]] for r in block_rows],
            "language_slots": [[r["domain"], r["slot"], r["language"]] for r in slot_rows]}


async def schema_version(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))
