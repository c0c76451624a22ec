"""Store against a real PostgreSQL: migrations, upsert semantics, interim allocator."""

from __future__ import annotations

import asyncio
from typing import Any

from aqea.address import Address
from aqea.convert import to_entry
from aqea.model import Lexeme, Sense
from aqea.store.allocate import AllocationReport, allocate_pending
from aqea.store.db import connect
from aqea.store.migrate import available_migrations, current_version, migrate
from aqea.store.upsert import upsert_entries


def lexeme(lemma: str, *, pos: str = "noun", language: str = "de", page_id: int = 1, homograph: int = 1,
           gloss: str = "etwas", revision_id: int = 10) -> Lexeme:
    return Lexeme(language=language, lemma=lemma, pos=pos, pos_names=("Substantiv",), homograph=homograph,
                  source="dewiktionary", record_key=str(page_id), record_version=str(revision_id),
                  senses=(Sense("1", gloss),))


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def _upsert(dsn: str, lexemes: list[Lexeme]):
    conn = await connect(dsn)
    try:
        await migrate(conn)
        async with conn.transaction():
            return await upsert_entries(conn, [to_entry(x) for x in lexemes], source="dewiktionary")
    finally:
        await conn.close()


async def _rows(dsn: str, sql: str, *args: Any) -> list[dict[str, Any]]:
    conn = await connect(dsn)
    try:
        return [dict(r) for r in await conn.fetch(sql, *args)]
    finally:
        await conn.close()


def test_migrations_apply_once_and_record_versions(dsn: str) -> None:
    async def go() -> tuple[int, int, int]:
        conns = [await connect(dsn) for _ in range(3)]
        try:
            applied = await asyncio.gather(*(migrate(c) for c in conns))  # concurrent: one applies
            return sum(len(a) for a in applied), await current_version(conns[0]), len(await migrate(conns[0]))
        finally:
            for c in conns:
                await c.close()

    total_applied, version, again = run(go())
    assert total_applied == len(available_migrations())
    assert version == available_migrations()[-1].version
    assert again == 0


async def _allocate(dsn: str) -> AllocationReport:
    conn = await connect(dsn)
    try:
        return await allocate_pending(conn)
    finally:
        await conn.close()


def test_upsert_counts_new_then_unchanged_then_updated_keeping_address(dsn: str) -> None:
    words = [lexeme("Haus", page_id=1), lexeme("Baum", page_id=2), lexeme("laufen", pos="verb", page_id=3)]
    first = run(_upsert(dsn, words))
    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    assert run(_rows(dsn, "SELECT count(*) AS n FROM aqea_entries WHERE address IS NULL"))[0]["n"] == 3  # pending
    assert run(_allocate(dsn)).assigned == 3
    before = {r["lemma"]: r["address"] for r in run(_rows(dsn, "SELECT lemma, address FROM aqea_entries"))}
    assert None not in before.values()

    again = run(_upsert(dsn, words))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)

    edited = [lexeme("Haus", page_id=1, gloss="Gebäude", revision_id=11), *words[1:]]
    changed = run(_upsert(dsn, edited))
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 2)
    assert run(_allocate(dsn)).assigned == 0
    rows = run(_rows(dsn, "SELECT lemma, address, description FROM aqea_entries ORDER BY lemma"))
    assert {r["lemma"]: r["address"] for r in rows} == before  # addresses never move
    assert "Gebäude" in next(r["description"] for r in rows if r["lemma"] == "Haus")


def test_addresses_are_valid_unique_and_spill_into_overflow_blocks(dsn: str) -> None:
    words = [lexeme(f"Wort{i:03d}", page_id=i) for i in range(300)] + [lexeme("gehen", pos="verb", page_id=999)]
    run(_upsert(dsn, words))
    report = run(_allocate(dsn))
    # overflowed counts entries whose subcategory the EE cannot carry; these general words have none to carry
    assert (report.assigned, report.overflowed, report.exhausted) == (301, 0, 0)
    rows = run(_rows(dsn, "SELECT lemma, pos, address, address_int, subcategory FROM aqea_entries"))
    addresses = {r["lemma"]: Address.parse(r["address"]) for r in rows}
    assert len(set(addresses.values())) == 301
    for r in rows:
        a = addresses[r["lemma"]]
        assert int(a) == r["address_int"] and a.domain == 0x20 and a.element != 0x00
        assert a.category == (0x02 if r["pos"] == "verb" else 0x01)
        assert r["subcategory"] == 0  # the true (semantic) subcategory stays, overflow or not
    # no frequencies for these made-up words: lemma order; 255 fill the general block, 45 spill to 0x30
    assert addresses["Wort000"] == Address(0x20, 0x01, 0x00, 0x01)
    assert addresses["Wort254"] == Address(0x20, 0x01, 0x00, 0xFF)
    assert addresses["Wort255"] == Address(0x20, 0x01, 0x30, 0x01)


def test_key_held_by_another_page_is_rejected_not_overwritten(dsn: str) -> None:
    run(_upsert(dsn, [lexeme("Bank", page_id=7, gloss="Sitzgelegenheit")]))
    result = run(_upsert(dsn, [lexeme("Bank", page_id=8, gloss="Geldinstitut")]))
    assert (result.new, result.updated, result.unchanged) == (0, 0, 0)
    assert [r.reason for r in result.rejections] == ["natural key taken"]
    assert "record 7" in result.rejections[0].detail
    rows = run(_rows(dsn, "SELECT record_key, description FROM aqea_entries"))
    assert rows == [{"record_key": "7", "description": "German noun 'Bank'. Sitzgelegenheit"}]


def test_duplicate_key_within_one_batch_is_rejected(dsn: str) -> None:
    result = run(_upsert(dsn, [lexeme("Tor", page_id=1), lexeme("Tor", page_id=2)]))
    assert result.new == 1
    assert [r.reason for r in result.rejections] == ["natural key taken"]


def test_unknown_pos_is_kept_without_address_and_a_language_without_domain_gets_a_shared_slot(dsn: str) -> None:
    run(_upsert(dsn, [lexeme("tapu", language="mi", page_id=1), lexeme("Xyz", pos="unknown", page_id=2),
                      lexeme("kai", language="mi", pos="verb", page_id=3)]))
    report = run(_allocate(dsn))
    assert (report.assigned, report.new_slots) == (2, 1)
    rows = run(_rows(dsn, "SELECT lemma, address, domain, unaddressed_reason FROM aqea_entries ORDER BY lemma"))
    assert rows == [
        {"lemma": "Xyz", "address": None, "domain": "0x20", "unaddressed_reason": "unknown part of speech Substantiv"},
        # Māori has no domain of its own: slot EE 0x00 of the first shared domain, one per part of speech
        {"lemma": "kai", "address": "0x80:02:00:01", "domain": None, "unaddressed_reason": None},
        {"lemma": "tapu", "address": "0x80:01:00:01", "domain": None, "unaddressed_reason": None},
    ]
    slots = run(_rows(dsn, "SELECT domain, slot, language FROM language_slots"))
    assert slots == [{"domain": 0x80, "slot": 0, "language": "mi"}]


def test_a_full_primary_domain_continues_in_the_languages_extension_domain(dsn: str) -> None:
    async def fill_primary() -> None:
        conn = await connect(dsn)
        await migrate(conn)
        await conn.executemany("INSERT INTO address_blocks VALUES (32, 1, $1, 255)", [(ee,) for ee in range(256)])
        await conn.close()

    run(fill_primary())
    tier = lexeme("Tier", page_id=1)
    run(_upsert(dsn, [lexeme("A", page_id=2), tier]))
    run(_rows(dsn, "UPDATE aqea_entries SET subcategory = 2 WHERE lemma = 'Tier' RETURNING id"))  # animals
    report = run(_allocate(dsn))
    assert (report.assigned, report.overflowed, report.exhausted) == (2, 0, 0)
    rows = run(_rows(dsn, "SELECT lemma, address FROM aqea_entries ORDER BY lemma"))
    # German's first extension domain 0x40: same category, same EE meaning (general 0x00, animals 0x02)
    assert rows == [{"lemma": "A", "address": "0x40:01:00:01"}, {"lemma": "Tier", "address": "0x40:01:02:01"}]


def test_exhausted_category_keeps_entries_without_address(dsn: str) -> None:
    async def fill_blocks() -> None:
        conn = await connect(dsn)
        await migrate(conn)
        # every block of German nouns in all of German's domains full but one element of 0x47's block 0xFF
        await conn.executemany("INSERT INTO address_blocks VALUES ($1, 1, $2, $3)",
                               [(aa, ee, 254 if (aa, ee) == (0x47, 0xFF) else 255)
                                for aa in (0x20, *range(0x40, 0x48)) for ee in range(256)])
        await conn.close()

    run(fill_blocks())
    result = run(_upsert(dsn, [lexeme(w, page_id=i) for i, w in enumerate(["A", "B", "C"])]))
    assert result.new == 3
    report = run(_allocate(dsn))
    assert (report.assigned, report.exhausted) == (1, 2)
    rows = run(_rows(dsn, "SELECT lemma, address, unaddressed_reason FROM aqea_entries ORDER BY lemma"))
    assert rows[0] == {"lemma": "A", "address": "0x47:01:FF:FF", "unaddressed_reason": None}
    assert [r["unaddressed_reason"] for r in rows[1:]] == [
        "address space full for de category 0x01: every block of its domains 0x20, 0x40, 0x41, 0x42, 0x43, 0x44, "
        "0x45, 0x46, 0x47 is used (registry v3)"] * 2
    assert run(_allocate(dsn)).assigned == 0  # exhausted entries are not retried into taken slots


def test_concurrent_writers_never_share_an_address(dsn: str) -> None:
    async def writer(n: int) -> None:
        conn = await connect(dsn)
        try:
            for b in range(5):
                entries = [to_entry(lexeme(f"w{n}-{b}-{i}", page_id=n * 10_000 + b * 100 + i)) for i in range(40)]
                async with conn.transaction():
                    await upsert_entries(conn, entries, source="dewiktionary")
        finally:
            await conn.close()

    async def allocator() -> None:
        conn = await connect(dsn)
        try:
            for _ in range(10):
                await allocate_pending(conn)
                await asyncio.sleep(0.01)
        finally:
            await conn.close()

    async def go() -> None:
        conn = await connect(dsn)
        await migrate(conn)
        await conn.close()
        await asyncio.gather(*(writer(n) for n in range(4)), allocator(), allocator())
        await _allocate(dsn)

    run(go())
    rows = run(_rows(dsn, "SELECT count(*) AS n, count(DISTINCT address) AS d, count(address) AS a FROM aqea_entries"))
    assert rows == [{"n": 800, "d": 800, "a": 800}]
