"""Relations: resolving targets to entries, and reading an entry's links."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import asyncpg

from aqea.store.retry import RetryPolicy, with_connection

# Target = an entry of the target language with that lemma; prefer the source's part of speech
# (a translation of a noun is a noun), then the first homograph (see _PREFER_LINK_BACK).
_RESOLVE = """
WITH candidates AS (
    SELECT DISTINCT ON (r.id) r.id, e.id AS target
    FROM relations r
    JOIN aqea_entries src ON src.id = r.from_entry
    JOIN aqea_entries e ON e.language = r.target_language AND e.lemma = r.target_lemma AND e.id <> r.from_entry
    WHERE r.to_entry IS NULL AND r.id BETWEEN $1 AND $2
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


_UNRESOLVED_RANGE = "SELECT min(id) AS low, max(id) AS high FROM relations WHERE to_entry IS NULL"

# One link, several sources, in whichever order they were stored (docs/conceptnet.md): a link source's own
# relations row goes when another source holds the same link (its statements stay in link_sources) …
_DROP_RESTATED = """
DELETE FROM relations c
WHERE EXISTS (SELECT 1 FROM link_sources s
              WHERE (s.from_entry, s.kind, s.target_language, s.target_lemma, s.source)
                  = (c.from_entry, c.kind, c.target_language, c.target_lemma, c.source))
  AND EXISTS (SELECT 1 FROM relations o
              WHERE (o.from_entry, o.kind, o.target_language, o.target_lemma)
                  = (c.from_entry, c.kind, c.target_language, c.target_lemma)
                AND o.source <> c.source)
"""
# … and comes back when no source holds the link any more (a Wiktionary page that dropped it)
_RESTORE_STATED = """
INSERT INTO relations (from_entry, kind, target_language, target_lemma, sense, note, source)
SELECT DISTINCT ON (s.from_entry, s.kind, s.target_language, s.target_lemma)
       s.from_entry, s.kind, s.target_language, s.target_lemma, '', '', s.source
FROM link_sources s
WHERE NOT EXISTS (SELECT 1 FROM relations r
                  WHERE (r.from_entry, r.kind, r.target_language, r.target_lemma)
                      = (s.from_entry, s.kind, s.target_language, s.target_lemma))
ORDER BY s.from_entry, s.kind, s.target_language, s.target_lemma, s.source
"""


async def reconcile_link_sources(conn: asyncpg.Connection) -> dict[str, int]:
    """Keep every link stated by a link source (ConceptNet) as one relations row, whoever stored it first:
    returns how many rows of the link source were dropped (another source holds the link) and restored."""
    async with conn.transaction():
        dropped = int((await conn.execute(_DROP_RESTATED)).split()[-1])
        restored = int((await conn.execute(_RESTORE_STATED)).split()[-1])
    return {"link_rows_dropped": dropped, "link_rows_restored": restored}


async def resolve_relations(conn: asyncpg.Connection) -> dict[str, int]:
    """Point every unresolved relation whose target entry now exists at it, and links to a word with
    several homographs at the one that links back; returns counts."""
    reconciled = await reconcile_link_sources(conn)
    status = await conn.execute(_RESOLVE, 0, 2**63 - 1)
    return {**await _finish_resolving(conn, int(status.split()[-1])), **reconciled}


async def resolve_relations_parallel(pool: asyncpg.Pool, parallel: int, retry: RetryPolicy) -> dict[str, int]:
    """:func:`resolve_relations` with the unresolved links cut into id ranges resolved on ``parallel``
    connections at once (each range its own transaction, retried alone): the work is the database's, and one
    backend uses one core (a WordNet import leaves over a million links to resolve)."""
    reconciled = await with_connection(pool, reconcile_link_sources, retry, "joining links stated by several sources")
    bounds = await with_connection(pool, lambda conn: conn.fetchrow(_UNRESOLVED_RANGE), retry, "finding links")
    resolved = 0
    if bounds is not None and bounds["low"] is not None:
        low, high = bounds["low"], bounds["high"]
        step = max(1, (high - low + parallel * 2) // (parallel * 2))  # a few ranges per connection: even finish
        ranges = [(start, min(high, start + step - 1)) for start in range(low, high + 1, step)]
        gate = asyncio.Semaphore(max(1, parallel))

        async def resolve_range(first: int, last: int) -> int:
            async with gate:
                status = await with_connection(pool, lambda conn: conn.execute(_RESOLVE, first, last), retry,
                                               f"resolving links {first}-{last}")
            return int(status.split()[-1])

        resolved = sum(await asyncio.gather(*(resolve_range(a, b) for a, b in ranges)))
    finished = await with_connection(pool, lambda conn: _finish_resolving(conn, resolved), retry,
                                     "resolving relations")
    return {**finished, **reconciled}


async def _finish_resolving(conn: asyncpg.Connection, resolved: int) -> dict[str, int]:
    repointed = int((await conn.execute(_PREFER_LINK_BACK)).split()[-1])
    unresolved = await conn.fetchval("SELECT count(*) FROM relations WHERE to_entry IS NULL")
    total = await conn.fetchval("SELECT count(*) FROM relations")
    return {"resolved_now": resolved, "repointed": repointed, "unresolved": int(unresolved), "relations": int(total)}


def sense_sort_key(number: str | None) -> tuple[tuple[int, int | str], ...]:
    """Order sense numbers as Wiktionary counts them: 1, 1a, 1.1, 2, …, 10 (not 1, 10, 11, 2); none first."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|[^\d.\s]+", number or ""))


# The columns of a link as lookup --links and the HTTP API show it, each way (from_entry: to find its statements)
_OUTGOING_COLUMNS = """r.kind, r.target_language, r.target_lemma, r.sense, r.note, r.source,
                       t.address AS target_address, t.pos AS target_pos, r.from_entry"""
_INCOMING_COLUMNS = """r.kind, f.language AS from_language, f.lemma AS from_lemma, f.pos AS from_pos,
                       f.address AS from_address, r.sense, r.note, r.source,
                       r.from_entry, r.target_language, r.target_lemma"""
# the columns only there to find a link's statements, not shown
_OUTGOING_IDENTITY = ("from_entry",)
_INCOMING_IDENTITY = ("from_entry", "target_language", "target_lemma")

# Every statement of the given link identities (link_sources, migration 014), by its primary key. The weight is a
# real: through numeric it reads as written (0.1, not 0.10000000149011612).
_STATEMENTS_OF = """
SELECT l.i, s.source, s.statement, s.relation, s.weight::numeric::float8 AS weight, s.dataset, s.licence
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
     AS l(from_entry, kind, language, lemma, i)
JOIN link_sources s ON (s.from_entry, s.kind, s.target_language, s.target_lemma)
                     = (l.from_entry, l.kind, l.language, l.lemma)
ORDER BY l.i, s.source, s.statement
"""

LinkIdentity = tuple[int, str, str, str]  # from_entry, kind, target_language, target_lemma


def link_identity(link: dict[str, Any]) -> LinkIdentity:
    """A link's identity: its two words and its kind (a link stated by several sources is one link)."""
    return link["from_entry"], link["kind"], link["target_language"], link["target_lemma"]


async def add_statements(conn: asyncpg.Connection, links: list[dict[str, Any]], *,
                         drop: tuple[str, ...] = _OUTGOING_IDENTITY) -> None:
    """Give each link (a dict with ``from_entry``, ``kind``, ``target_language``, ``target_lemma``) its
    ``statements``: who states it, with the statement's id, the source's relation, weight, dataset and licence,
    ``[]`` when no link source states it. One query for all the links (a page, an export batch); the keys in
    ``drop`` are removed afterwards. The one builder of ``statements`` for lookup, the API and exports."""
    identities = list(dict.fromkeys(link_identity(link) for link in links))
    by_identity: dict[LinkIdentity, list[dict[str, Any]]] = {}
    if identities:
        rows = await conn.fetch(_STATEMENTS_OF, [k[0] for k in identities], [k[1] for k in identities],
                                [k[2] for k in identities], [k[3] for k in identities])
        for row in rows:
            by_identity.setdefault(identities[row["i"] - 1], []).append(
                {k: row[k] for k in ("source", "statement", "relation", "weight", "dataset", "licence")})
    for link in links:
        # a copy per link: two rows of one identity (two senses) must not share one list
        link["statements"] = [dict(s) for s in by_identity.get(link_identity(link), [])]
        for key in drop:
            del link[key]


async def links_of(
    conn: asyncpg.Connection, entry_id: int, *, kind: str | None = None, target_language: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Outgoing links of an entry (with target addresses) and incoming links from other entries, in sense
    order, each with its ``statements`` (:func:`add_statements`). ``kind`` keeps links of that kind (both ways);
    ``target_language`` keeps outgoing links into it."""
    outgoing = await conn.fetch(
        f"""SELECT {_OUTGOING_COLUMNS}
            FROM relations r LEFT JOIN aqea_entries t ON t.id = r.to_entry
            WHERE r.from_entry = $1 AND ($2::text IS NULL OR r.kind = $2)
              AND ($3::text IS NULL OR r.target_language = $3)
            ORDER BY r.kind, r.target_language, r.target_lemma""",
        entry_id, kind, target_language,
    )
    incoming = await conn.fetch(
        f"""SELECT {_INCOMING_COLUMNS}
            FROM relations r JOIN aqea_entries f ON f.id = r.from_entry
            WHERE r.to_entry = $1 AND ($2::text IS NULL OR r.kind = $2)
            ORDER BY r.kind, f.language, f.lemma""",
        entry_id, kind,
    )
    # stable sorts: by sense number within each kind, the SQL order within a sense
    links = {"outgoing": sorted((dict(r) for r in outgoing), key=lambda r: (r["kind"], sense_sort_key(r["sense"]))),
             "incoming": [dict(r) for r in incoming]}
    await add_statements(conn, links["outgoing"])
    await add_statements(conn, links["incoming"], drop=_INCOMING_IDENTITY)
    return links


async def links_page(
    conn: asyncpg.Connection, entry_id: int, *, incoming: bool = False, kind: str | None = None,
    target_language: str | None = None, after: int = 0, limit: int = 100,
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of an entry's links (the items of :func:`links_of`), in the order they were stored (a source's
    page order) so that the page after relation id ``after`` is a cheap index range; returns the links and the
    ``after`` of the next page (None on the last). ``target_language`` filters outgoing links only."""
    if incoming:
        rows = await conn.fetch(
            f"""SELECT r.id, {_INCOMING_COLUMNS}
                FROM relations r JOIN aqea_entries f ON f.id = r.from_entry
                WHERE r.to_entry = $1 AND ($2::text IS NULL OR r.kind = $2) AND r.id > $3
                ORDER BY r.id LIMIT $4""",
            entry_id, kind, after, limit + 1,
        )
    else:
        rows = await conn.fetch(
            f"""SELECT r.id, {_OUTGOING_COLUMNS}
                FROM relations r LEFT JOIN aqea_entries t ON t.id = r.to_entry
                WHERE r.from_entry = $1 AND ($2::text IS NULL OR r.kind = $2)
                  AND ($3::text IS NULL OR r.target_language = $3) AND r.id > $4
                ORDER BY r.id LIMIT $5""",
            entry_id, kind, target_language, after, limit + 1,
        )
    links = [dict(r) for r in rows[:limit]]
    next_after = links[-1]["id"] if len(rows) > limit else None
    for link in links:
        del link["id"]
    await add_statements(conn, links, drop=_INCOMING_IDENTITY if incoming else _OUTGOING_IDENTITY)
    return links, next_after


async def views_of(conn: asyncpg.Connection, entry_id: int) -> list[dict[str, Any]]:
    """What other editions say about the entry (entry_sources)."""
    rows = await conn.fetch(
        """SELECT v.source, v.record_key, v.record_version, v.label, v.description, v.meta, l.licence, l.attribution
           FROM entry_sources v LEFT JOIN source_licences l ON l.edition = v.source
           WHERE v.entry_id = $1 ORDER BY v.source""",
        entry_id,
    )
    return [dict(r) for r in rows]


async def concepts_of(conn: asyncpg.Connection, entry_id: int) -> list[dict[str, Any]]:
    """The concepts the entry's senses name (its ``concept`` links), each with the words of every language that
    name it too — the entry's translations through the interlingual index — and which sources say so."""
    rows = await conn.fetch(
        """SELECT c.id AS concept_id, c.lemma AS ili, c.address, c.description AS gloss,
                  array_agg(DISTINCT r.sense) FILTER (WHERE r.sense <> '') AS senses,
                  array_agg(DISTINCT r.source) AS sources
           FROM relations r JOIN aqea_entries c ON c.id = r.to_entry
           WHERE r.from_entry = $1 AND r.kind = 'concept'
           GROUP BY c.id ORDER BY min(r.id)""",
        entry_id,
    )
    concepts = [dict(r) for r in rows]
    by_concept = await words_naming(conn, [c["concept_id"] for c in concepts], but=entry_id) if concepts else {}
    for c in concepts:
        c["senses"] = sorted(c["senses"] or [], key=sense_sort_key)
        c["sources"] = sorted(c["sources"])
        c["words"] = by_concept.get(c.pop("concept_id"), [])
    return concepts


async def words_naming(conn: asyncpg.Connection, concept_ids: list[int], *, but: int | None = None
                       ) -> dict[int, list[dict[str, Any]]]:
    """Per concept entry id: the words (of every language, entry ``but`` left out) whose senses name it, with the
    sources that say so."""
    words = await conn.fetch(
        """SELECT wr.to_entry AS concept_id, w.language, w.lemma, w.pos, w.address,
                  array_agg(DISTINCT wr.source ORDER BY wr.source) AS sources
           FROM relations wr JOIN aqea_entries w ON w.id = wr.from_entry
           WHERE wr.to_entry = ANY($1::bigint[]) AND wr.kind = 'concept' AND wr.from_entry IS DISTINCT FROM $2
             AND w.deleted_at IS NULL
           GROUP BY wr.to_entry, w.id ORDER BY w.language, w.lemma, w.pos""",
        concept_ids, but,
    )
    by_concept: dict[int, list[dict[str, Any]]] = {}
    for w in words:
        by_concept.setdefault(w["concept_id"], []).append(
            {k: w[k] for k in ("language", "lemma", "pos", "address", "sources")})
    return by_concept
