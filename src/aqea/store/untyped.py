"""Words without a part of speech (``model.UNTYPED_POS``: PanLex expressions; ConceptNet's nodes without one find
their entry by :func:`choose` too, store/links.py) meet the typed entries of their
(language, lemma) here, in the writer's transaction, just before the upsert (docs/panlex.md, "POS merge rule"):

- **one** part of speech stored for (language, lemma) → the word becomes a view of that entry (its lowest
  homograph): one entry, one address, the untyped source's data and links on it;
- **several** → the view goes to the entry of the lowest category code (``categories.json``: noun 0x01 before
  verb 0x02, adjective 0x03, adverb 0x04 …), inflected forms only when there is nothing else;
  ``meta.attached`` records the rule and every candidate, so the choice can be read back and revised;
- **none** → the word is an entry of its own, part of speech ``expression``, stored without address
  (``UNTYPED_REASON``): a category would be a guess, and the shared domains hold 4.2 M entries per category —
  PanLex's ~25 M expressions under one category would not fit (docs/addressing.md).

Typed entries without a category (an unknown part-of-speech name) are not candidates. A word attached earlier
stays where it is until its record changes (a re-run skips unchanged records): the rule runs when it is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import asyncpg

from aqea.convert import content_hash
from aqea.model import UNTYPED_POS, Entry
from aqea.taxonomy import category_of

UNTYPED_REASON = ("no part of speech: its source gives none; stored as an expression, attached to a typed entry "
                  "of the same (language, lemma) when one is stored before it (docs/panlex.md)")
FORM = "inflected_form"

_TYPED = """
SELECT e.language, e.lemma, e.pos, min(e.homograph) AS homograph
FROM aqea_entries e
JOIN unnest($1::text[], $2::text[]) AS w(language, lemma) USING (language, lemma)
WHERE e.pos <> $3 AND e.deleted_at IS NULL
GROUP BY e.language, e.lemma, e.pos
"""


def choose(typed: dict[str, int]) -> tuple[str, str] | None:
    """(part of speech, rule) an untyped word attaches to among ``typed`` (pos → lowest homograph), or None."""
    categorised = {pos: category_of(pos) for pos in typed}
    lemmas = sorted((code, pos) for pos, code in categorised.items() if code is not None and pos != FORM)
    if lemmas:
        return lemmas[0][1], "one part of speech" if len(lemmas) == 1 else "several: lowest category code"
    if FORM in typed:
        return FORM, "only an inflected form"
    return None


async def attach_untyped(conn: asyncpg.Connection, entries: Sequence[Entry]) -> list[Entry]:
    """``entries`` with every untyped one re-keyed onto the typed entry it attaches to, or given its reason."""
    untyped = [e for e in entries if e.pos == UNTYPED_POS]
    if not untyped:
        return list(entries)
    typed: dict[tuple[str, str], dict[str, int]] = {}
    for row in await conn.fetch(_TYPED, [e.language for e in untyped], [e.lemma for e in untyped], UNTYPED_POS):
        typed.setdefault((row["language"], row["lemma"]), {})[row["pos"]] = row["homograph"]
    out = []
    for entry in entries:
        if entry.pos != UNTYPED_POS:
            out.append(entry)
            continue
        candidates = typed.get((entry.language, entry.lemma), {})
        chosen = choose(candidates)
        if chosen is None:
            out.append(replace(entry, unaddressed_reason=UNTYPED_REASON))
            continue
        pos, rule = chosen
        homograph = candidates[pos]
        attached = {"pos": pos, "homograph": homograph, "rule": rule, "candidates": sorted(candidates)}
        out.append(replace(entry, pos=pos, homograph=homograph, category=category_of(pos), unaddressed_reason=None,
                           meta={**entry.meta, "attached": attached},
                           content_hash=content_hash(entry.content_hash, attached)))
    return out
