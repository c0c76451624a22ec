"""Links of a link source (ConceptNet): added to the words' entries whoever wrote them, one link per identity.

A link is its two words and its kind — (from_entry, kind, target_language, target_lemma) — and is one link however
many sources state it: a ``relations`` row is added only when no edition holds the link yet, and every statement
(weight, dataset, licence) is a ``link_sources`` row (migration 014). A word is found as (language, lemma, part of
speech) — one without a part of speech by the rule PanLex's words attach by (store/untyped.py) — and also with its
first letter upper-cased (ConceptNet lowercases: its German ``test`` is the noun ``Test``); a word no entry holds
becomes an entry of the source's edition (an ``expression`` when it has no part of speech).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg

from aqea.model import UNTYPED_POS, Entry, Link, Rejection
from aqea.store.untyped import choose
from aqea.store.upsert import upsert_entries
from aqea.taxonomy.registry import CONCEPT_LANGUAGE

# each typed word's entry: the exact lemma before the capitalised one, then the first homograph (as relations
# resolve, store/relations.py)
_FIND_TYPED = """
SELECT DISTINCT ON (w.i) w.i, e.id, e.source
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS w(language, lemma, alt, pos, i)
JOIN aqea_entries e ON e.language = w.language AND e.lemma IN (w.lemma, w.alt) AND e.pos = w.pos
                   AND e.deleted_at IS NULL
ORDER BY w.i, (e.lemma = w.lemma) DESC, e.homograph, e.id
"""

# every entry a word without a part of speech could be: the same (language, lemma) or its capitalised form
_UNTYPED_CANDIDATES = """
SELECT w.i, e.id, e.source, e.pos, e.homograph, e.lemma = w.lemma AS exact
FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS w(language, lemma, alt, i)
JOIN aqea_entries e ON e.language = w.language AND e.lemma IN (w.lemma, w.alt) AND e.deleted_at IS NULL
ORDER BY w.i, e.homograph, e.id
"""

# links already held (by any edition), and whether another edition than this one holds them
_HELD_LINKS = """
SELECT l.i, bool_or(r.source <> $5) AS other
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS l(from_entry, kind, language, lemma, i)
JOIN relations r ON r.from_entry = l.from_entry AND r.kind = l.kind AND r.target_language = l.language
                AND r.target_lemma = l.lemma
GROUP BY l.i
"""

_STATEMENTS = """
INSERT INTO link_sources AS s (from_entry, kind, target_language, target_lemma, source, statement, relation, weight,
                               dataset, licence)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::real[], $9::text[], $10::text[])
ON CONFLICT (from_entry, kind, target_language, target_lemma, source, statement) DO UPDATE SET
    relation = EXCLUDED.relation, weight = EXCLUDED.weight, dataset = EXCLUDED.dataset, licence = EXCLUDED.licence
WHERE (s.relation, s.weight, s.dataset, s.licence)
      IS DISTINCT FROM (EXCLUDED.relation, EXCLUDED.weight, EXCLUDED.dataset, EXCLUDED.licence)
"""

Word = tuple[str, str, str]  # language, lemma, pos


@dataclass(slots=True)
class LinksStored:
    words_created: int = 0  # words no entry held: new entries of the source's edition
    words_merged: int = 0  # words found as another edition's entry
    links_new: int = 0  # links no edition held: new relations rows
    links_restated: int = 0  # links another edition holds already: a statement joins it
    links_resolved: int = 0  # new links whose target entry exists
    links_unresolved: int = 0  # new links whose target is not stored (yet): resolved later (store/relations.py)
    rejections: list[Rejection] = field(default_factory=list)
    entries_new: int = 0  # of the upsert of created words (the batch's "new")
    entries_updated: int = 0


def _capitalised(lemma: str) -> str:
    return lemma[:1].upper() + lemma[1:]


async def find_words(conn: asyncpg.Connection, words: Sequence[Word]) -> dict[Word, tuple[int, str]]:
    """word → (entry id, its edition) for the words an entry holds.

    A word with a part of speech is the entry of that part of speech. A word without one (``UNTYPED_POS``, as
    ConceptNet's ``/c/en/test``; a concept, whose ILI names it whatever its part of speech) is chosen as PanLex's
    words attach (store/untyped.py): the lowest category code among the typed entries, an inflected form only when
    there is nothing else, else an untyped entry stored before; the exact lemma before the capitalised one.
    """
    if not words:
        return {}
    found: dict[Word, tuple[int, str]] = {}
    typed = [w for w in words if w[2] != UNTYPED_POS]
    if typed:
        rows = await conn.fetch(_FIND_TYPED, [w[0] for w in typed], [w[1] for w in typed],
                                [_capitalised(w[1]) for w in typed], [w[2] for w in typed])
        found.update({typed[r["i"] - 1]: (r["id"], r["source"]) for r in rows})
    untyped = [w for w in words if w[2] == UNTYPED_POS]
    if untyped:
        candidates: dict[tuple[int, bool], list[asyncpg.Record]] = {}
        for r in await conn.fetch(_UNTYPED_CANDIDATES, [w[0] for w in untyped], [w[1] for w in untyped],
                                  [_capitalised(w[1]) for w in untyped]):
            candidates.setdefault((r["i"], r["exact"]), []).append(r)
        for i, word in enumerate(untyped, 1):
            chosen = _untyped_choice(candidates.get((i, True), [])) or _untyped_choice(candidates.get((i, False), []))
            if chosen is not None:
                found[word] = (chosen["id"], chosen["source"])
    return found


def _untyped_choice(rows: list[asyncpg.Record]) -> asyncpg.Record | None:
    """The entry among ``rows`` (one lemma's, by homograph) a word without a part of speech is."""
    typed: dict[str, int] = {}
    for r in rows:
        typed.setdefault(r["pos"], r["homograph"])
    chosen = choose(typed)
    if chosen is not None:
        return next(r for r in rows if r["pos"] == chosen[0])
    return next((r for r in rows if r["pos"] == UNTYPED_POS), None)


async def store_links(conn: asyncpg.Connection, source: str, words: Sequence[Entry], links: Sequence[Link],
                      provenance: dict[str, object] | None = None) -> LinksStored:
    """Store a batch of a link source's words and links. Must run inside the caller's transaction."""
    result = LinksStored()
    wanted: dict[Word, Entry] = {(e.language, e.lemma, e.pos): e for e in words}
    found = await find_words(conn, list(wanted))
    result.words_merged = sum(1 for _, edition in found.values() if edition != source)
    missing = [entry for word, entry in wanted.items() if word not in found]
    if missing:
        upserted = await upsert_entries(conn, missing, source=source, provenance=provenance)
        result.words_created = upserted.new
        result.entries_new, result.entries_updated = upserted.new, upserted.updated
        result.rejections += upserted.rejections
        found.update(await find_words(conn, [(e.language, e.lemma, e.pos) for e in missing]))
    concepts = sorted({(link.target_language, link.target_lemma, UNTYPED_POS) for link in links
                       if link.target_language == CONCEPT_LANGUAGE})
    found.update(await find_words(conn, concepts))

    # one row per identity; every statement of it
    identities: dict[tuple[int, str, str, str], int | None] = {}
    statements: dict[tuple[int, str, str, str, str], Link] = {}
    for link in links:
        origin = found.get((link.from_language, link.from_lemma, link.from_pos))
        if origin is None:  # the word could not be stored (its rejection says why)
            continue
        target = found.get((link.target_language, link.target_lemma, link.target_pos or UNTYPED_POS))
        identity = (origin[0], link.kind, link.target_language, link.target_lemma)
        identities.setdefault(identity, target[0] if target is not None else None)
        statements[(*identity, link.statement)] = link
    if not identities:
        return result
    keys = list(identities)
    held = {keys[r["i"] - 1]: r["other"] for r in await conn.fetch(
        _HELD_LINKS, [k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys], [k[3] for k in keys], source)}
    result.links_restated = sum(1 for other in held.values() if other)
    new = [(k, identities[k]) for k in keys if k not in held]
    result.links_new = len(new)
    result.links_resolved = sum(1 for _, target in new if target is not None)
    result.links_unresolved = result.links_new - result.links_resolved
    if new:
        await conn.copy_records_to_table(
            "relations", records=[(*k, "", "", source, target) for k, target in new],
            columns=("from_entry", "kind", "target_language", "target_lemma", "sense", "note", "source", "to_entry"))
    rows = list(statements.items())
    await conn.execute(_STATEMENTS, [k[0] for k, _ in rows], [k[1] for k, _ in rows], [k[2] for k, _ in rows],
                       [k[3] for k, _ in rows], [source] * len(rows), [k[4] for k, _ in rows],
                       [link.relation for _, link in rows], [link.weight for _, link in rows],
                       [link.dataset for _, link in rows], [link.licence for _, link in rows])
    return result
