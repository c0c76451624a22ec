"""Relations and other editions' views, against a real PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from aqea.convert import to_entry
from aqea.model import Lexeme, Relation, Sense
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.store.relations import links_of, resolve_relations, views_of
from aqea.store.upsert import upsert_entries


def lx(lemma: str, language: str, source: str, page_id: int, relations: tuple[Relation, ...] = (),
       gloss: str = "x") -> Lexeme:
    return Lexeme(language=language, lemma=lemma, pos="noun", pos_names=("Noun",), homograph=1, source=source,
                  record_key=str(page_id), record_version=str(page_id * 10), senses=(Sense("1", gloss),),
                  relations=relations)


async def _run(dsn: str, steps: list[tuple[str, list[Lexeme]]]) -> list[Any]:
    conn = await connect(dsn)
    await migrate(conn)
    results = []
    try:
        for source, lexemes in steps:
            async with conn.transaction():
                results.append(await upsert_entries(conn, [to_entry(x) for x in lexemes], source=source))
        results.append(await resolve_relations(conn))
        ids = {r["lemma"]: r["id"] for r in await conn.fetch("SELECT id, lemma FROM aqea_entries")}
        results.append({lemma: await links_of(conn, i) for lemma, i in ids.items()})
        results.append({lemma: await views_of(conn, i) for lemma, i in ids.items()})
        results.append(await conn.fetchval("SELECT count(*) FROM relations"))
    finally:
        await conn.close()
    return results


WATER = Relation("translation", "water", "en", "1", "n")
HAUS_DE = lx("Haus", "de", "dewiktionary", 1, (Relation("translation", "house", "en", "1"),
                                               Relation("synonym", "Gebäude", "de", "1")))


def test_translations_resolve_in_both_directions_once_the_target_exists(dsn: str) -> None:
    wasser = lx("Wasser", "de", "dewiktionary", 2, (WATER,))
    water = lx("water", "en", "enwiktionary", 3, (Relation("translation", "Wasser", "de", "1", "n"),))
    *_, resolved, links, _views, _total = asyncio.run(_run(dsn, [("dewiktionary", [wasser])]))
    assert resolved["resolved_now"] == 0 and resolved["unresolved"] == 1  # 'water' not there yet
    assert links["Wasser"]["outgoing"][0]["target_address"] is None

    *_, resolved, links, _views, _total = asyncio.run(_run(dsn, [("enwiktionary", [water])]))
    assert resolved["resolved_now"] == 2 and resolved["unresolved"] == 0
    assert links["Wasser"]["outgoing"][0]["target_lemma"] == "water"
    assert links["Wasser"]["incoming"][0]["from_lemma"] == "water"  # one hop apart, both ways
    assert links["water"]["outgoing"][0]["note"] == "n"


def test_relations_are_replaced_when_the_entry_changes(dsn: str) -> None:
    *_, total = asyncio.run(_run(dsn, [("dewiktionary", [HAUS_DE])]))
    assert total == 2
    fewer = replace(HAUS_DE, relations=HAUS_DE.relations[:1], record_version="99")
    first, *_, links, _views, total = asyncio.run(_run(dsn, [("dewiktionary", [fewer])]))
    assert (first.updated, total) == (1, 1)
    assert [link["kind"] for link in links["Haus"]["outgoing"]] == ["translation"]


def test_another_edition_adds_its_view_and_links_to_the_same_entry(dsn: str) -> None:
    haus_en = lx("Haus", "de", "enwiktionary", 500, (Relation("translation", "house", "en", "1"),), gloss="house")
    _first, second, *_, links, views, _total = asyncio.run(
        _run(dsn, [("dewiktionary", [HAUS_DE]), ("enwiktionary", [haus_en])]))
    assert second.rejections == [] and (second.new, second.merged) == (1, 1)
    assert [v["source"] for v in views["Haus"]] == ["enwiktionary"]
    assert views["Haus"][0]["description"] == "German noun 'Haus'. house"
    sources = sorted(link["source"] for link in links["Haus"]["outgoing"])
    assert sources == ["dewiktionary", "dewiktionary", "enwiktionary"]
    again = asyncio.run(_run(dsn, [("enwiktionary", [haus_en])]))[0]
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)


def test_same_edition_other_page_is_still_rejected(dsn: str) -> None:
    other_page = replace(HAUS_DE, record_key="77")
    _, second, *_ = asyncio.run(_run(dsn, [("dewiktionary", [HAUS_DE]), ("dewiktionary", [other_page])]))
    assert [r.reason for r in second.rejections] == ["natural key taken"]


def test_resolving_in_parallel_id_ranges_points_every_link_where_one_connection_would(dsn: str) -> None:
    """60 words each linking to the next 5 and to one missing word: the links are resolved in id ranges on two
    connections (several ranges each), and land exactly where the one-connection resolution puts them."""
    from aqea.store.db import create_pool
    from aqea.store.relations import resolve_relations_parallel
    from aqea.store.retry import RetryPolicy

    words = [f"w{i:02d}" for i in range(60)]
    lexemes = [lx(w, "en", "wordnet-oewn", i + 1, (*(Relation("synonym", words[(i + k) % 60], "en", "1")
                                                     for k in range(1, 6)), Relation("synonym", "gone", "en")))
               for i, w in enumerate(words)]

    async def run() -> tuple[dict[str, int], dict[int, int | None]]:
        conn = await connect(dsn)
        await migrate(conn)
        pool = await create_pool(dsn, 4)
        try:
            async with conn.transaction():
                await upsert_entries(conn, [to_entry(x) for x in lexemes], source="wordnet-oewn")
            counts = await resolve_relations_parallel(pool, 2, RetryPolicy(attempts=1))
            rows = await conn.fetch("SELECT id, to_entry FROM relations WHERE source = 'wordnet-oewn'")
            return counts, {r["id"]: r["to_entry"] for r in rows}
        finally:
            await pool.close()
            await conn.close()

    counts, parallel = asyncio.run(run())
    assert counts["resolved_now"] == 300  # 60 × 5; the 60 links to "gone" stay unresolved
    ids = {r: t for r, t in parallel.items() if t is not None}
    assert len(ids) == 300 and sum(t is None for t in parallel.values()) == 60

    async def single() -> dict[int, int | None]:  # the same links again, resolved on one connection
        conn = await connect(dsn)
        try:
            await conn.execute("UPDATE relations SET to_entry = NULL WHERE source = 'wordnet-oewn'")
            await resolve_relations(conn)
            return {r["id"]: r["to_entry"] for r in await conn.fetch(
                "SELECT id, to_entry FROM relations WHERE source = 'wordnet-oewn'")}
        finally:
            await conn.close()

    assert asyncio.run(single()) == parallel
