"""Address space v2 on a database written by v1: nothing handed out moves, what v1 could not address now is."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path
from typing import Any

from aqea.address import Address
from aqea.convert import FORM_REASON
from aqea.store.allocate import allocate_pending
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.taxonomy.registry import registry

V1_DUMP = Path(__file__).parent / "data" / "aqea-v1-database.sql.gz"


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def _load_v1(dsn: str) -> None:
    conn = await connect(dsn)
    try:
        await conn.execute(gzip.decompress(V1_DUMP.read_bytes()).decode("utf-8"))
    finally:
        await conn.close()


async def _entries(dsn: str) -> dict[int, dict[str, Any]]:
    conn = await connect(dsn)
    try:
        rows = await conn.fetch("""SELECT id, language, lemma, pos, category, subcategory, address,
                                          unaddressed_reason FROM aqea_entries""")
    finally:
        await conn.close()
    return {r["id"]: dict(r) for r in rows}


def test_a_v1_database_is_carried_forward_without_moving_an_address(dsn: str) -> None:
    run(_load_v1(dsn))
    before = run(_entries(dsn))
    assert len(before) == 1453
    reasons = [e["unaddressed_reason"] or "" for e in before.values()]
    # what v1 left without address: full English nouns, languages without domain, forms of full categories
    assert sum(r.startswith("address space full for 0x21:01") for r in reasons) == 242
    assert sum(r.startswith("no domain for language") for r in reasons) > 200

    async def upgrade() -> Any:
        conn = await connect(dsn)
        try:
            await migrate(conn)
            report = await allocate_pending(conn)
            slots = [dict(r) for r in await conn.fetch("SELECT domain, slot, language FROM language_slots")]
        finally:
            await conn.close()
        return report, slots

    report, slots = run(upgrade())
    after = run(_entries(dsn))
    assert after.keys() == before.keys()
    for entry_id, old in before.items():  # every v1 address is still the same entry's
        if old["address"] is not None:
            assert after[entry_id]["address"] == old["address"], old
    reg = registry()
    slot_language = {(s["domain"], s["slot"]): s["language"] for s in slots}
    newly = [(before[i], e) for i, e in after.items() if before[i]["address"] is None and e["address"]]
    assert len(newly) == report.assigned > 0
    for old, new in newly:
        a = Address.parse(new["address"])
        assert a.category == new["category"]
        if old["unaddressed_reason"].startswith("address space full"):  # English nouns: its extension domains
            assert new["language"] == "en" and a.domain in reg.extensions["en"]
            if new["subcategory"]:  # a semantic subcategory keeps its EE in the extension domain
                assert a.subcategory == new["subcategory"]
        else:  # languages without a domain: their slot in a shared domain
            assert old["unaddressed_reason"] == f"no domain for language {new['language']}"
            assert slot_language[(a.domain, a.subcategory)] == new["language"]
    # each language's slots are its own, one language per slot
    assert len(slot_language) == len(slots) == len({s["language"] for s in slots})
    left = [e for e in after.values() if e["address"] is None]
    assert {e["unaddressed_reason"].split(" ")[0] for e in left} <= {"unknown", "inflected"}
    for e in left:
        if e["pos"] == "inflected_form":
            assert e["unaddressed_reason"] == FORM_REASON
    # forms v1 had addressed keep them
    assert any(e["pos"] == "inflected_form" and e["address"] for e in after.values())
    addresses = [e["address"] for e in after.values() if e["address"]]
    assert len(addresses) == len(set(addresses))
    assert run(_allocate_again(dsn)) == 0  # stable: nothing left to do, nothing moves


async def _allocate_again(dsn: str) -> int:
    conn = await connect(dsn)
    try:
        return (await allocate_pending(conn)).assigned
    finally:
        await conn.close()


def test_the_registry_states_every_aa_value_once_and_never_gives_one_twice() -> None:
    reg = registry()
    covered = [aa for r in reg.ranges for aa in range(r.first, r.last + 1)]
    assert sorted(covered) == list(range(256))  # every AA value has exactly one stated purpose
    given: list[int] = [*reg.primary.values(), *(d for ds in reg.extensions.values() for d in ds),
                        *reg.concept_domains, *reg.shared_domains]
    assert len(given) == len(set(given))  # no AA value serves two series
    expected_kind = {**{d: "language" for d in reg.primary.values()},
                     **{d: "extension" for ds in reg.extensions.values() for d in ds},
                     **{d: "concept" for d in reg.concept_domains}, **{d: "shared" for d in reg.shared_domains}}
    for aa, kind in expected_kind.items():
        assert reg.range_of(aa).kind == kind, hex(aa)
    for aa in (0x04, 0x30):  # the original design's non-lexical examples stay free
        assert reg.range_of(aa).kind == "reserved"
    # version 2's assignments are kept
    assert reg.primary == {"de": 0x20, "en": 0x21, "fr": 0x22, "es": 0x23, "it": 0x24, "pt": 0x25, "ru": 0x26,
                           "zh": 0x27, "ja": 0x28, "ar": 0x29, "la": 0x2A, "fi": 0x2B, "pl": 0x2C, "nl": 0x2D,
                           "sv": 0x2E, "ko": 0x2F}
    # every concept field's range fits the concept domains, ranges of one category never overlap
    for category in {f.category for f in reg.concept_fields}:
        blocks = [b for f in reg.concept_fields if f.category == category
                  for b in range(f.first_block, f.first_block + f.blocks)]
        assert len(blocks) == len(set(blocks)) and max(blocks) < 256 * len(reg.concept_domains)


def test_capacity_reports_registry_fullness_semantics_and_projection(dsn: str) -> None:
    from aqea.store.capacity import capacity_report

    run(_load_v1(dsn))

    async def report() -> Any:
        conn = await connect(dsn)
        try:
            await migrate(conn)
            await allocate_pending(conn)
            return await capacity_report(conn, registry()), await conn.fetchval("SELECT count(*) FROM aqea_entries "
                                                                               "WHERE category IS NOT NULL")
        finally:
            await conn.close()

    result, with_category = run(report())
    rows = {(r["series"], r["category"]): r for r in result["categories"]}
    assert sum(r["entries"] for r in rows.values()) == with_category
    english_nouns = rows[("en", 0x01)]
    # v1 filled 0x21's nouns; v2 continued in English's first extension domain
    assert english_nouns["domains_in_use"] == ["0x21", "0x48"] and english_nouns["pending"] == 0
    assert english_nouns["handed_out"] == 65_280 + 242
    shared = [r for r in rows.values() if r["series"] == "shared"]
    assert shared and result["shared_slots"]["languages"] == result["shared_slots"]["taken"] > 100
    sem = result["semantic"]
    assert 0 < sem["subcategory_in_address"] <= sem["with_subcategory"]
    projection = {(p["series"], p["pos"]): p for p in result["projection"]}
    assert projection[("ili", "noun")]["entries"] == 82_115 and projection[("ili", "noun")]["fits"]
    assert projection[("de", "noun")]["domains_needed"] == 7 and projection[("de", "noun")]["domains_given"] == 9


def test_parallel_allocation_gives_the_same_addresses_as_one_connection(dsn: str, pg_uri: str, monkeypatch) -> None:
    import uuid

    from aqea.store import allocate as allocator
    from aqea.store.db import create_pool
    from tests.conftest import with_database

    other = f"t_{uuid.uuid4().hex[:12]}"

    async def create_other() -> None:
        conn = await connect(pg_uri)
        await conn.execute(f'CREATE DATABASE "{other}"')
        await conn.close()

    run(create_other())
    dsn_parallel = with_database(pg_uri, other)

    async def allocate(target: str, parallel: int) -> dict[int, str]:
        await _load_v1(target)
        conn = await connect(target)
        await migrate(conn)
        await conn.close()
        pool = await create_pool(target, 4)
        try:
            report = await allocate_pending(pool, parallel=parallel)
            assert report.assigned == 620
            rows = await pool.fetch("SELECT id, address FROM aqea_entries WHERE address IS NOT NULL")
        finally:
            await pool.close()
        return {r["id"]: r["address"] for r in rows}

    one = run(allocate(dsn, 1))
    monkeypatch.setattr(allocator, "WRITE_CHUNK", 25)  # many chunks per category, written on several connections
    several = run(allocate(dsn_parallel, 4))
    assert one == several  # deterministic whatever the parallelism
