"""A pending general entry takes its views' subcategory before it is addressed (WordNet's lexicographer file
placing a Wiktionary word), against a real PostgreSQL; an address once given never changes."""

from __future__ import annotations

import asyncio
from typing import Any

from aqea.address import Address
from aqea.convert import to_entry
from aqea.model import Lexeme, Relation, Sense
from aqea.store.allocate import VIEW_SUBCATEGORY, allocate_pending
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.store.upsert import upsert_entries


def wiktionary(lemma: str, relations: tuple[Relation, ...] = ()) -> Lexeme:
    return Lexeme(language="en", lemma=lemma, pos="noun", pos_names=("Noun",), homograph=1, source="enwiktionary",
                  record_key=f"page-{lemma}", record_version="1", senses=(Sense("1", f"a {lemma}"),),
                  relations=relations)


def wordnet(lemma: str, lexfiles: list[str]) -> Lexeme:
    senses = tuple(Sense(str(i), f"{lemma} {i}", (lf,)) for i, lf in enumerate(lexfiles, 1))
    return Lexeme(language="en", lemma=lemma, pos="noun", pos_names=("noun",), homograph=1, source="wordnet-oewn",
                  record_key=f"en:noun:{lemma}", record_version="2025", senses=senses,
                  extra={"lexfile": lexfiles[0], "lexfiles": lexfiles})


async def _store_and_allocate(dsn: str, steps: list[tuple[str, list[Lexeme]]]) -> dict[str, dict[str, Any]]:
    conn = await connect(dsn)
    try:
        await migrate(conn)
        for source, lexemes in steps:
            if source == "allocate":
                await allocate_pending(conn)
                continue
            async with conn.transaction():
                await upsert_entries(conn, [to_entry(x) for x in lexemes], source=source)
        rows = await conn.fetch("SELECT id, lemma, address, subcategory, meta->'subcategory' AS choice "
                                "FROM aqea_entries ORDER BY lemma")
        views = {r["entry_id"]: r for r in await conn.fetch(VIEW_SUBCATEGORY, [r["id"] for r in rows])}
    finally:
        await conn.close()
    return {r["lemma"]: {**dict(r), "view_code": views[r["id"]]["code"] if r["id"] in views else None}
            for r in rows}


def test_pending_general_entry_takes_its_wordnet_views_subcategory(dsn: str) -> None:
    got = asyncio.run(_store_and_allocate(dsn, [
        ("enwiktionary", [wiktionary("dog"), wiktionary("oak", (Relation("hypernym", "tree", "en", "1"),)),
                          wiktionary("idea")]),
        ("wordnet-oewn", [wordnet("dog", ["noun.animal", "noun.person"]), wordnet("oak", ["noun.food"]),
                          wordnet("idea", ["noun.cognition"])]),
        ("allocate", []),
    ]))
    dog = got["dog"]
    choice = dog["choice"]
    assert dog["subcategory"] == 0x02 and Address.parse(dog["address"]).subcategory == 0x02  # animals' block
    assert choice["signal"] == "view wordnet-oewn lexfile:noun.animal" and choice["name"] == "animals"
    assert choice["own"] == {"code": 0, "name": "general", "signal": ""}
    # its own signal decides where it has one: the oak stays a plant, not WordNet's food
    assert got["oak"]["subcategory"] == 0x03 and got["oak"]["view_code"] == 0x06
    assert got["oak"]["choice"]["signal"] == "hypernym:tree"
    # a view with no subcategory gives none
    assert got["idea"]["subcategory"] == 0x00 and got["idea"]["view_code"] is None


def test_an_addressed_entry_keeps_its_address_and_subcategory_when_a_view_comes(dsn: str) -> None:
    got = asyncio.run(_store_and_allocate(dsn, [
        ("enwiktionary", [wiktionary("cat")]),
        ("allocate", []),
        ("wordnet-oewn", [wordnet("cat", ["noun.animal"])]),
        ("allocate", []),
    ]))
    cat = got["cat"]
    assert Address.parse(cat["address"]).subcategory == 0x00 and cat["subcategory"] == 0x00
    assert cat["view_code"] == 0x02  # what the view says, for reports
