"""Relations: resolving targets to entries, and reading an entry's links."""

from __future__ import annotations

import re
from typing import Any

import asyncpg

# Target = an entry of the target language with that lemma; prefer the source's part of speech
# (a translation of a noun is a noun), then the first homograph (see _PREFER_LINK_BACK).
_RESOLVE = """
WITH candidates AS (
    SELECT DISTINCT ON (r.id) r.id, e.id AS target
    FROM relations r
    JOIN aqea_entries src ON src.id = r.from_entry
    JOIN aqea_entries e ON e.language = r.target_language AND e.lemma = r.target_lemma AND e.id <> r.from_entry
    WHERE r.to_entry IS NULL
    ORDER BY r.id, (e.pos = src.pos) DESC, e.homograph, e.id
)
UPDATE relations r SET to_entry = c.target FROM candidates c WHERE r.id = c.id
"""


# A link to a word with several homographs of that part of speech goes to the homograph that links back
# ("jaw" → German "Kiefer": the jaw, whose translations name "jaw", not the pine), when one does; otherwise it
# stays on the first. Only links to such words are looked at, so the cost follows the homographs, not the
# size of the table. Run after _RESOLVE, every time: the homograph that links back may arrive later.
_PREFER_LINK_BACK = """
WITH words AS (
    SELECT language, lemma, pos FROM aqea_entries WHERE deleted_at IS NULL
    GROUP BY language, lemma, pos HAVING count(*) > 1
), better AS (
    SELECT DISTINCT ON (r.id) r.id, e.id AS target
    FROM words w
    JOIN aqea_entries cur ON (cur.language, cur.lemma, cur.pos) = (w.language, w.lemma, w.pos)
    JOIN relations r ON r.to_entry = cur.id
    JOIN aqea_entries src ON src.id = r.from_entry
    JOIN aqea_entries e ON (e.language, e.lemma, e.pos) = (w.language, w.lemma, w.pos) AND e.deleted_at IS NULL
    WHERE EXISTS (SELECT 1 FROM relations back
                  WHERE back.from_entry = e.id AND back.kind = r.kind
                    AND back.target_language = src.language AND back.target_lemma = src.lemma)
    ORDER BY r.id, e.homograph, e.id
)
UPDATE relations r SET to_entry = b.target FROM better b WHERE r.id = b.id AND r.to_entry <> b.target
"""


async def resolve_relations(conn: asyncpg.Connection) -> dict[str, int]:
    """Point every unresolved relation whose target entry now exists at it, and links to a word with
    several homographs at the one that links back; returns counts."""
    status = await conn.execute(_RESOLVE)
    resolved = int(status.split()[-1])
    repointed = int((await conn.execute(_PREFER_LINK_BACK)).split()[-1])
    unresolved = await conn.fetchval("SELECT count(*) FROM relations WHERE to_entry IS NULL")
    total = await conn.fetchval("SELECT count(*) FROM relations")
    return {"resolved_now": resolved, "repointed": repointed, "unresolved": int(unresolved), "relations": int(total)}


def sense_sort_key(number: str | None) -> tuple[tuple[int, int | str], ...]:
    """Order sense numbers as Wiktionary counts them: 1, 1a, 1.1, 2, …, 10 (not 1, 10, 11, 2); none first."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|[^\d.\s]+", number or ""))


async def links_of(
    conn: asyncpg.Connection, entry_id: int, *, kind: str | None = None, target_language: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Outgoing links of an entry (with target addresses) and incoming links from other entries, in sense
    order. ``kind`` keeps links of that kind (both ways); ``target_language`` keeps outgoing links into it."""
    outgoing = await conn.fetch(
        """SELECT r.kind, r.target_language, r.target_lemma, r.sense, r.note, r.source,
                  t.address AS target_address, t.pos AS target_pos
           FROM relations r LEFT JOIN aqea_entries t ON t.id = r.to_entry
           WHERE r.from_entry = $1 AND ($2::text IS NULL OR r.kind = $2)
             AND ($3::text IS NULL OR r.target_language = $3)
           ORDER BY r.kind, r.target_language, r.target_lemma""",
        entry_id, kind, target_language,
    )
    incoming = await conn.fetch(
        """SELECT r.kind, f.language AS from_language, f.lemma AS from_lemma, f.pos AS from_pos,
                  f.address AS from_address, r.sense, r.note, r.source
           FROM relations r JOIN aqea_entries f ON f.id = r.from_entry
           WHERE r.to_entry = $1 AND ($2::text IS NULL OR r.kind = $2)
           ORDER BY r.kind, f.language, f.lemma""",
        entry_id, kind,
    )
    # stable sorts: by sense number within each kind, the SQL order within a sense
    return {"outgoing": sorted((dict(r) for r in outgoing), key=lambda r: (r["kind"], sense_sort_key(r["sense"]))),
            "incoming": [dict(r) for r in incoming]}


async def views_of(conn: asyncpg.Connection, entry_id: int) -> list[dict[str, Any]]:
    """What other editions say about the entry (entry_sources)."""
    rows = await conn.fetch(
        """SELECT source, record_key, record_version, label, description, meta FROM entry_sources
           WHERE entry_id = $1 ORDER BY source""",
        entry_id,
    )
    return [dict(r) for r in rows]
