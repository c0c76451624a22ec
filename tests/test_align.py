"""Cross-edition homograph alignment: the matching itself, and two editions' 'Kiefer' in a real PostgreSQL.

German "Kiefer" is two nouns: the pine (f) and the jaw (m). de.wiktionary lists the pine first (the real
sample page); en.wiktionary lists the jaw as Etymology 1 and the pine as Etymology 2 (its page layout,
written here by hand). Keys by number alone would join the jaw's view to the pine.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from aqea.convert import to_entry
from aqea.model import Page
from aqea.sources.dump import iter_pages
from aqea.store.align import best_matching, edition_language, evidence, renumber, score, words
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.store.relations import resolve_relations, views_of
from aqea.store.upsert import UpsertResult, upsert_entries
from aqea.wiktionary import de, en
from tests.samples import DE_DUMP

EN_KIEFER = """==German==

===Etymology 1===
From {{inh|de|gmh|kiver}}.

====Noun====
{{de-noun|m|s|}}

# [[jaw]], [[jawbone]]

===Etymology 2===
From {{inh|de|gmh|kienforhe}}.

====Noun====
{{de-noun|f|n}}

# [[pine]] {{gloss|tree of genus ''Pinus''}}
# [[pinewood]]
"""
EN_KIEFER_THIRD = EN_KIEFER + """
===Etymology 3===
Made up for the test.

====Noun====
{{de-noun|n|s|}}

# [[something]] else
"""


def test_words_drop_case_punctuation_and_stop_words() -> None:
    assert words(["Pine (tree of genus Pinus)", "the jaw"]) == {"pine", "tree", "genus", "pinus", "jaw"}


def test_score_counts_glosses_against_translations_and_gender() -> None:
    pine_de = evidence(["f"], ["Nadelbaum der Gattung Pinus"], [("en", "pine"), ("en", "pine tree"), ("fr", "pin")])
    jaw_de = evidence(["m"], ["knöcherner Teil des Schädels"], [("en", "jaw"), ("en", "jowl")])
    jaw_en = evidence(["m"], ["jaw, jawbone"], [])
    assert score(jaw_en, "en", jaw_de, "de") == 2  # "jaw" + the same gender
    assert score(jaw_en, "en", pine_de, "de") == -1  # nothing shared, genders differ
    assert score(evidence([], ["x"], []), "en", pine_de, "de") == 0  # no evidence either way


def test_best_matching_moves_only_on_better_evidence() -> None:
    swapped = [[-1, 2], [3, -1]]  # incoming #1 is held #2 and the other way round
    assert best_matching(swapped, keep=[0, 1]) == [1, 0]
    assert best_matching([[0, 0], [0, 0]], keep=[0, 1]) is None  # a tie keeps the numbers
    assert best_matching([[1, 0], [0, 1]], keep=[0, 1]) is None  # the numbers are already best
    # three incoming against two held: the one without a counterpart is left unmatched
    assert best_matching([[0, 2], [0, 0], [2, 0]], keep=[0, 1, None]) == [1, None, 0]


def test_renumber_gives_unmatched_homographs_free_numbers() -> None:
    assert renumber([1, 0], held=[1, 2], taken={1, 2}) == [2, 1]
    assert renumber([1, None, 0], held=[1, 2], taken={1, 2}) == [2, 3, 1]
    assert renumber([None, 0], held=[1, 3], taken={1, 3}) == [2, 1]


def test_edition_language() -> None:
    assert (edition_language("dewiktionary"), edition_language("enwiktionary"), edition_language("x")) == (
        "de", "en", "")


def _de_kiefer() -> list[Any]:
    page = next(p for p in iter_pages(DE_DUMP) if p.title == "Kiefer")
    return [to_entry(lx, title="Kiefer") for lx in de.parse_page(page).lexemes if lx.language == "de"]


def _en_kiefer(text: str = EN_KIEFER) -> list[Any]:
    page = Page("Kiefer", 0, 900, 901, "2026-01-01T00:00:00Z", text)
    return [to_entry(lx, title="Kiefer") for lx in en.parse_page(page).lexemes if lx.language == "de"]


async def _store(dsn: str, steps: list[tuple[str, list[Any]]]) -> tuple[list[UpsertResult], dict[str, Any]]:
    """Store each step in its own transaction; then per entry: its owner, gender and the views it has."""
    conn = await connect(dsn)
    await migrate(conn)
    results = []
    try:
        for source, entries in steps:
            async with conn.transaction():
                keys = sorted({e.provenance.record_key for e in entries})
                results.append(await upsert_entries(conn, entries, source=source, record_keys=keys))
        state: dict[str, Any] = {}
        for r in await conn.fetch("SELECT id, homograph, source, meta FROM aqea_entries "
                                  "WHERE lemma = 'Kiefer' AND deleted_at IS NULL ORDER BY homograph"):
            views = await views_of(conn, r["id"])
            state[f"{r['source']} #{r['homograph']}"] = {
                "gender": r["meta"]["gender"],
                "views": [(v["source"], v["meta"]["gender"], v["meta"]["senses"][0]["gloss"]) for v in views],
                "links": sorted({(x["source"], x["target_lemma"]) for x in await conn.fetch(
                    "SELECT source, target_lemma FROM relations WHERE from_entry = $1 AND kind = 'translation' "
                    "AND target_language = 'en'", r["id"])}),
            }
    finally:
        await conn.close()
    return results, state


def test_the_jaw_joins_the_jaw_whichever_edition_comes_first(dsn: str) -> None:
    de_entries, en_entries = _de_kiefer(), _en_kiefer()
    assert [(e.homograph, e.meta["gender"]) for e in de_entries] == [(1, ["f"]), (2, ["m"])]
    assert [(e.homograph, e.meta["gender"]) for e in en_entries] == [(1, ["m"]), (2, ["f"])]

    (_first, second), state = asyncio.run(_store(dsn, [("dewiktionary", de_entries), ("enwiktionary", en_entries)]))
    assert (second.merged, second.realigned, second.rejections) == (2, 2, [])
    assert state["dewiktionary #1"]["views"] == [("enwiktionary", ["f"], "pine (tree of genus Pinus)")]
    assert state["dewiktionary #2"]["views"] == [("enwiktionary", ["m"], "jaw, jawbone")]
    assert ("dewiktionary", "jaw") in state["dewiktionary #2"]["links"]

    # the English edition's own numbering stays in its view's meta; a re-run changes nothing
    (again,), state_again = asyncio.run(_store(dsn, [("enwiktionary", _en_kiefer())]))
    assert (again.new, again.updated, again.unchanged, again.views_removed) == (0, 0, 2, 0)
    assert state_again == state


def test_the_other_order_gives_the_same_pairs(dsn: str) -> None:
    (_first, second), state = asyncio.run(_store(dsn, [("enwiktionary", _en_kiefer()), ("dewiktionary", _de_kiefer())]))
    assert (second.merged, second.realigned) == (2, 2)
    assert state["enwiktionary #1"]["gender"] == ["m"]  # the jaw owns #1 now: the English edition came first
    assert [(s, g) for s, g, _gloss in state["enwiktionary #1"]["views"]] == [("dewiktionary", ["m"])]
    assert [(s, g) for s, g, _gloss in state["enwiktionary #2"]["views"]] == [("dewiktionary", ["f"])]
    # the German edition's translations went with its jaw to the jaw
    assert ("dewiktionary", "jaw") in state["enwiktionary #1"]["links"]
    assert ("dewiktionary", "pine") in state["enwiktionary #2"]["links"]


def test_a_homograph_without_counterpart_gets_its_own_entry_and_stale_views_go(dsn: str) -> None:
    (_first, second), state = asyncio.run(
        _store(dsn, [("dewiktionary", _de_kiefer()), ("enwiktionary", _en_kiefer(EN_KIEFER_THIRD))]))
    assert (second.merged, second.new) == (2, 3)
    assert state["enwiktionary #3"]["gender"] == ["n"] and state["enwiktionary #3"]["views"] == []

    # the English page loses its pine: the view of the German pine goes, with its links
    only_jaw = EN_KIEFER.split("===Etymology 2===")[0]
    (third,), state = asyncio.run(_store(dsn, [("enwiktionary", _en_kiefer(only_jaw))]))
    assert third.views_removed == 1
    assert state["dewiktionary #1"]["views"] == [] and ("enwiktionary", "pine") not in state["dewiktionary #1"]["links"]
    assert state["dewiktionary #2"]["views"] == [("enwiktionary", ["m"], "jaw, jawbone")]


@pytest.mark.parametrize("source", ["dewiktionary", "enwiktionary"])
def test_a_word_stored_by_one_edition_only_keeps_its_numbers(dsn: str, source: str) -> None:
    entries = _de_kiefer() if source == "dewiktionary" else _en_kiefer()
    (first,), state = asyncio.run(_store(dsn, [(source, entries)]))
    assert (first.new, first.realigned) == (2, 0)
    assert [k for k in state] == [f"{source} #1", f"{source} #2"]


def test_links_to_a_homograph_go_to_the_one_that_links_back(dsn: str) -> None:
    # English "jaw" and "pine" translate into German "Kiefer": which one is in the German entries' own tables
    def english(title: str, page_id: int, gloss: str, gender: str) -> Page:
        text = (f"==English==\n\n===Noun===\n{{{{en-noun}}}}\n\n# {gloss}\n\n====Translations====\n"
                f"{{{{trans-top|{gloss}}}}}\n* German: {{{{t+|de|Kiefer|{gender}}}}}\n{{{{trans-bottom}}}}\n")
        return Page(title, 0, page_id, page_id + 1, "2026-01-01T00:00:00Z", text)

    pages = [english("jaw", 910, "The bony part of the face that holds the teeth.", "m"),
             english("pine", 920, "A tree of the genus Pinus.", "f")]
    english_entries = [to_entry(lx, title=lx.lemma) for p in pages for lx in en.parse_page(p).lexemes]

    async def run() -> dict[str, list[int]]:
        conn = await connect(dsn)
        await migrate(conn)
        try:
            for source, entries in (("enwiktionary", english_entries), ("dewiktionary", _de_kiefer())):
                async with conn.transaction():
                    await upsert_entries(conn, entries, source=source)
            counts = await resolve_relations(conn)
            assert counts["repointed"] == 1  # "jaw" first went to the first homograph, the pine
            rows = await conn.fetch(
                """SELECT f.lemma, t.homograph FROM relations r JOIN aqea_entries f ON f.id = r.from_entry
                   JOIN aqea_entries t ON t.id = r.to_entry
                   WHERE r.kind = 'translation' AND r.target_lemma = 'Kiefer'""")
            return {r["lemma"]: [r["homograph"]] for r in rows}
        finally:
            await conn.close()

    assert asyncio.run(run()) == {"jaw": [2], "pine": [1]}  # de.wiktionary: #1 pine, #2 jaw


# --------------------------------------------------------------------------- one edition against itself

NEW_HOMOGRAPH = (
    "=== {{Wortart|Substantiv|Deutsch}}, {{n}} ===\n{{Bedeutungen}}\n"
    ":[1] ein erfundenes Wort, das ein Bearbeiter über die anderen setzt\n\n"
)


def _kiefer_revision(revision: int, *, new_on_top: bool) -> list[Any]:
    """The real page, optionally with a homograph inserted above the others (as an editor might)."""
    page = next(p for p in iter_pages(DE_DUMP) if p.title == "Kiefer")
    text = page.text
    if new_on_top:
        first_pos = text.index("=== {{Wortart")
        text = text[:first_pos] + NEW_HOMOGRAPH + text[first_pos:]
    edited = Page(page.title, 0, page.page_id, revision, page.timestamp, text)
    return [to_entry(lx, title="Kiefer") for lx in de.parse_page(edited).lexemes if lx.language == "de"]


def test_an_inserted_homograph_does_not_take_the_others_addresses(dsn: str) -> None:
    from aqea.store.allocate import allocate_pending

    async def run() -> list[tuple[UpsertResult, dict[str, tuple[str, int, bool]]]]:
        conn = await connect(dsn)
        await migrate(conn)
        out = []
        try:
            for revision, new_on_top in ((1, False), (2, True), (3, False), (4, True)):
                entries = _kiefer_revision(revision, new_on_top=new_on_top)
                async with conn.transaction():
                    result = await upsert_entries(conn, entries, source="dewiktionary",
                                                  record_keys=[entries[0].provenance.record_key])
                await allocate_pending(conn)
                rows = await conn.fetch("SELECT address, homograph, meta, deleted_at IS NOT NULL AS deleted "
                                        "FROM aqea_entries WHERE lemma = 'Kiefer'")
                # by meaning: the gender tells the three apart
                out.append((result, {r["meta"]["gender"][0]: (str(r["address"]), r["homograph"], r["deleted"])
                                     for r in rows}))
        finally:
            await conn.close()
        return out

    (_r1, first), (second_result, second), (third_result, third), (_r4, fourth) = asyncio.run(run())
    assert {g: (h, d) for g, (_a, h, d) in first.items()} == {"f": (1, False), "m": (2, False)}
    # the editor's new homograph is #1 on the page now; pine and jaw keep their keys and addresses
    assert second_result.realigned == 3 and second_result.deleted == 0
    assert second["f"][:2] == first["f"][:2] and second["m"][:2] == first["m"][:2]
    assert second["n"][1:] == (3, False) and second["n"][0] not in (first["f"][0], first["m"][0])
    # removed again: its entry is kept, marked deleted; the others do not move
    assert third_result.deleted == 1 and third["n"][1:] == (3, True)
    assert third["f"] == first["f"] and third["m"] == first["m"]
    # and back: it gets its old key and address again
    assert fourth["n"] == (second["n"][0], 3, False)
