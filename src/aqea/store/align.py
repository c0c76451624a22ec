"""Which homograph of another edition an incoming entry is (cross-edition alignment).

Each edition numbers a word's homographs in its own page order — the German edition by the order of its
part-of-speech sections, the English one by "Etymology 1, 2, …" — so German "Kiefer" #1 is the pine on
de.wiktionary and may be the jaw on en.wiktionary. Joined by the bare natural key (language, lemma, pos,
homograph), the jaw's view and links would land on the pine's entry. So before a batch is stored, the
homographs of a word that another edition numbered first are matched to that edition's by evidence:

- glosses against translations, both ways: the English edition glosses German "Kiefer" as "jaw", the German
  edition translates its "Kiefer" (m) into English as "jaw", "jowl" — each shared word counts 1;
- gender: +1 when both editions give one and they share one, −1 when they give different ones.

The same goes for one edition against itself: when an editor inserts a homograph above the others or
reorders them, the page's numbers shift, and by number alone every key — and so every address — of the word
would now hold another meaning. A re-read page's homographs are therefore matched to the ones stored from
that page by their own glosses, translations and gender, so an address keeps its meaning and a new
homograph gets a new key.

The best one-to-one matching is used only when it scores higher than keeping the numbers (a tie keeps
them): without evidence nothing moves. Incoming homographs left unmatched take the lowest numbers no other
edition holds. A word's numbering belongs to the edition holding its lowest live number (normally the first
edition stored), so re-running either edition gives the same keys. The edition's own number stays in the
entry's meta (``homograph``); only the key changes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import asyncpg

from aqea.model import Entry

Slot = tuple[str, str, str]  # (language, lemma, pos): a word whose homographs are numbered

_WORD_RE = re.compile(r"\w+")
# words too common in glosses and translations to tell homographs apart
_STOP_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "as", "be", "is",
    "it", "its", "one", "some", "that", "which", "who", "der", "die", "das", "den", "dem", "des", "ein", "eine",
    "einer", "eines", "einem", "und", "oder", "zu", "von", "mit", "für", "auf", "aus", "bei", "im", "sich", "sein",
    "etwas", "jemand", "jemanden", "jemandem",
})
_MAX_HOMOGRAPHS = 8  # more than this on one side: keep the numbers (the matching costs 2^n)

_ROWS = """
SELECT e.id, e.language, e.lemma, e.pos, e.homograph, e.source, e.record_key, e.deleted_at IS NOT NULL AS deleted
FROM aqea_entries e
JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(language, lemma, pos) USING (language, lemma, pos)
"""

_EVIDENCE = """
SELECT e.id, e.meta -> 'gender' AS gender, e.meta -> 'senses' AS senses,
       coalesce((SELECT array_agg(r.target_language || chr(31) || r.target_lemma) FROM relations r
                 WHERE r.from_entry = e.id AND r.source = e.source AND r.kind = 'translation'), '{}') AS translations
FROM aqea_entries e WHERE e.id = ANY($1::bigint[])
"""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What an edition says about one homograph that another edition can check."""

    gloss_words: frozenset[str]
    translations: dict[str, frozenset[str]]  # target language → words of its translations
    gender: frozenset[str]


def words(texts: Iterable[str]) -> frozenset[str]:
    """Content words, case-folded: ``["pine (tree)"]`` → {"pine", "tree"}."""
    return frozenset(
        w for text in texts for w in _WORD_RE.findall(text.casefold()) if len(w) > 1 and w not in _STOP_WORDS
    )


def evidence(gender: Iterable[str], glosses: Iterable[str], translations: Iterable[tuple[str, str]]) -> Evidence:
    by_language: dict[str, list[str]] = defaultdict(list)
    for language, target in translations:
        by_language[language].append(target)
    return Evidence(words(glosses), {lang: words(ts) for lang, ts in by_language.items()}, frozenset(gender))


def entry_evidence(entry: Entry) -> Evidence:
    return evidence(
        entry.meta.get("gender") or (),
        (s.get("gloss", "") for s in entry.meta.get("senses") or ()),
        ((language, target) for kind, target, language, _sense, _note in entry.relations if kind == "translation"),
    )


def edition_language(source: str) -> str:
    """The language an edition writes its glosses in: "dewiktionary" → "de" ("" when unknown)."""
    return source[: -len("wiktionary")] if source.endswith("wiktionary") else ""


def score(a: Evidence, a_language: str, b: Evidence, b_language: str) -> int:
    """How strongly two editions' homographs look like the same word (0: no evidence either way)."""
    s = len(b.gloss_words & a.translations.get(b_language, frozenset()))
    return s + len(a.gloss_words & b.translations.get(a_language, frozenset())) + _gender_agreement(a, b)


def same_score(a: Evidence, b: Evidence) -> int:
    """How strongly two readings of one edition's homographs look like the same one (a page before and after
    an edit): shared gloss words, shared translations per language, gender."""
    s = len(a.gloss_words & b.gloss_words)
    s += sum(len(targets & b.translations.get(lang, frozenset())) for lang, targets in a.translations.items())
    return s + _gender_agreement(a, b)


def _gender_agreement(a: Evidence, b: Evidence) -> int:
    """+1 when both give a gender and share one, -1 when they give different ones, else 0."""
    if not a.gender or not b.gender:
        return 0
    return 1 if a.gender & b.gender else -1


def best_matching(scores: Sequence[Sequence[int]], keep: Sequence[int | None]) -> list[int | None] | None:
    """``scores[i][j]``: incoming homograph i against held homograph j (both in number order); ``keep``: the
    matching the numbers give (i → the held one with i's number, or None).

    The one-to-one matching i → j (or None: no counterpart) with the highest total, or None when it is no
    better than ``keep``. Exact (dynamic programming over the held ones used); among equal totals the first
    found in number order wins, so the result is deterministic.
    """
    n_in = len(scores)
    n_held = len(scores[0]) if scores else 0
    if not n_in or not n_held or n_in > _MAX_HOMOGRAPHS or n_held > _MAX_HOMOGRAPHS:
        return None
    kept = sum(scores[i][j] for i, j in enumerate(keep) if j is not None)

    @cache
    def best(i: int, used: int) -> tuple[int, tuple[int | None, ...]]:
        if i == n_in:
            return 0, ()
        total, rest = best(i + 1, used)  # i has no counterpart
        choice: tuple[int, tuple[int | None, ...]] = (total, (None, *rest))
        for j in range(n_held):
            if not used & (1 << j):
                total, rest = best(i + 1, used | (1 << j))
                if total + scores[i][j] > choice[0]:
                    choice = (total + scores[i][j], (j, *rest))
        return choice

    total, matching = best(0, 0)
    return list(matching) if total > kept else None


def renumber(matching: Sequence[int | None], held: Sequence[int], taken: Iterable[int]) -> list[int]:
    """New numbers, in the order of ``matching``: a matched homograph takes its counterpart's number in
    ``held``, the others the lowest numbers not ``taken`` by other editions and not given here."""
    blocked = set(taken) | {held[j] for j in matching if j is not None}
    out: list[int] = []
    n = 0
    for j in matching:
        if j is not None:
            out.append(held[j])
            continue
        n += 1
        while n in blocked:
            n += 1
        blocked.add(n)
        out.append(n)
    return out


async def align_homographs(conn: asyncpg.Connection, entries: Sequence[Entry], source: str) -> list[Entry]:
    """``entries`` with their homograph numbers matched to the edition that numbered each word first (or to
    what their own pages stored before)."""
    groups: dict[Slot, list[Entry]] = defaultdict(list)
    for e in entries:
        groups[(e.language, e.lemma, e.pos)].append(e)
    slots = list(groups)
    if not slots:
        return list(entries)
    rows: dict[Slot, list[asyncpg.Record]] = defaultdict(list)
    for r in await conn.fetch(_ROWS, *(list(col) for col in zip(*slots, strict=True))):
        rows[(r["language"], r["lemma"], r["pos"])].append(r)

    todo: list[tuple[list[Entry], list[asyncpg.Record], set[int]]] = []
    for slot, group in groups.items():
        stored = sorted(rows.get(slot, ()), key=lambda r: r["homograph"])
        if not stored or len({e.provenance.record_key for e in group}) > 1:
            continue  # a new word; or two pages of this edition claim it: the store rejects the second
        live = [r for r in stored if not r["deleted"]]
        own = [r for r in stored if r["source"] == source]
        if (not live or live[0]["source"] == source) and own and all(
            r["record_key"] == group[0].provenance.record_key for r in own
        ):
            # our own numbering: match the re-read page to what it stored before, deleted homographs too
            # (one that comes back gets its key again); a new homograph gets a number never used
            held = own
            taken = {r["homograph"] for r in stored}
        elif live and live[0]["source"] != source:
            held = [r for r in live if r["source"] == live[0]["source"]]
            taken = {r["homograph"] for r in stored if r["source"] != source}
        else:
            continue  # our numbering, but shared with another page of ours or another edition: numbers decide
        if len(group) == 1 and len(held) == 1 and group[0].homograph == held[0]["homograph"]:
            continue  # one homograph on each side, already the same number: the common case
        todo.append((sorted(group, key=lambda e: e.homograph), held, taken))
    if not todo:
        return list(entries)

    found = {r["id"]: r for r in await conn.fetch(_EVIDENCE, [r["id"] for _g, held, _t in todo for r in held])}
    new_key: dict[int, int] = {}  # id(entry) → its homograph number in the key
    language = edition_language(source)
    for group, held, taken in todo:
        held_evidence = [_row_evidence(found[r["id"]]) for r in held]
        held_source = held[0]["source"]
        held_numbers = [r["homograph"] for r in held]
        incoming = [entry_evidence(e) for e in group]
        if held_source == source:
            scores = [[same_score(e, h) for h in held_evidence] for e in incoming]
        else:
            held_language = edition_language(held_source)
            scores = [[score(e, language, h, held_language) for h in held_evidence] for e in incoming]
        keep = [held_numbers.index(e.homograph) if e.homograph in held_numbers else None for e in group]
        matching = best_matching(scores, keep)
        if matching is not None:  # else: no better evidence than the numbers, which stay
            new_key.update({id(e): n for e, n in zip(group, renumber(matching, held_numbers, taken), strict=True)})
    return [replace(e, homograph=new_key[id(e)]) if new_key.get(id(e), e.homograph) != e.homograph else e
            for e in entries]


def _row_evidence(row: asyncpg.Record) -> Evidence:
    senses: Any = row["senses"] or ()
    return evidence(
        row["gender"] or (),
        (s.get("gloss", "") for s in senses if isinstance(s, dict)),
        (tuple(t.split("\x1f", 1)) for t in row["translations"]),  # type: ignore[misc]
    )
