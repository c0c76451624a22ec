"""The allocator: pure planning (property-tested) and concurrent use of one real PostgreSQL."""

from __future__ import annotations

import asyncio
import multiprocessing
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from aqea.store.allocate import (
    ELEMENTS_PER_BLOCK,
    FIRST_OVERFLOW,
    LAST_ELEMENT,
    LAST_SEMANTIC,
    Pending,
    allocation_order,
    plan_allocation,
)

pending_entries = st.lists(
    st.builds(
        Pending,
        entry_id=st.integers(1, 10**9),
        subcategory=st.sampled_from([0, 1, 2, 0x19, 0x2F]),
        frequency=st.one_of(st.none(), st.floats(0, 8).map(lambda f: round(f, 2))),
        lemma=st.text(min_size=1, max_size=6),
        homograph=st.integers(1, 3),
    ),
    max_size=400,
    unique_by=(lambda p: p.entry_id, lambda p: (p.lemma, p.homograph)),
)
used_blocks = st.dictionaries(st.integers(0, 255), st.integers(0, LAST_ELEMENT), max_size=256)


@settings(max_examples=150, deadline=None)
@given(pending_entries, used_blocks, st.randoms())
def test_plan_is_unique_fresh_deterministic_and_complete(pending: list[Pending], used: dict[int, int],
                                                         rnd: random.Random) -> None:
    plan = plan_allocation(0x20, 0x01, pending, used)
    addresses = [a for _, a in plan.addresses]
    assert len(set(addresses)) == len(addresses)  # unique
    for a in addresses:  # never a slot that was handed out before
        assert a.element > used.get(a.subcategory, 0) and 0x01 <= a.element <= 0xFF
        assert (a.domain, a.category) == (0x20, 0x01)
    assert {i for i, _ in plan.addresses} | set(plan.exhausted) == {p.entry_id for p in pending}  # nothing lost
    assert not {i for i, _ in plan.addresses} & set(plan.exhausted)
    shuffled = list(pending)
    rnd.shuffle(shuffled)
    again = plan_allocation(0x20, 0x01, shuffled, used)
    assert again.assigned == plan.assigned and again.exhausted == plan.exhausted  # order of arrival is irrelevant


@settings(max_examples=100, deadline=None)
@given(pending_entries, used_blocks)
def test_overflow_and_exhaustion_follow_the_documented_rules(pending: list[Pending], used: dict[int, int]) -> None:
    plan = plan_allocation(0x20, 0x01, pending, used)
    by_id = {p.entry_id: p for p in pending}
    free_before = {ee: LAST_ELEMENT - used.get(ee, 0) for ee in range(256)}
    for entry_id, address in plan.addresses:
        entry = by_id[entry_id]
        if address.subcategory != entry.subcategory:
            # spilled: only into overflow blocks, and only because its own block had no room
            assert address.subcategory >= FIRST_OVERFLOW
            assert free_before[entry.subcategory] < sum(
                1 for i, a in plan.addresses if by_id[i].subcategory == entry.subcategory)
            assert entry.subcategory <= LAST_SEMANTIC
    if plan.exhausted:
        # exhaustion only when the own block and every overflow block are full
        total_room = sum(free_before[ee] for ee in range(FIRST_OVERFLOW, 256))
        assert sum(1 for _, a in plan.addresses if a.subcategory >= FIRST_OVERFLOW) == total_room
        for entry_id in plan.exhausted:  # its own block was full too
            s = by_id[entry_id].subcategory
            assert free_before[s] <= sum(1 for i, _ in plan.addresses if by_id[i].subcategory == s)
        # within a subcategory, every exhausted word sorts after (is less frequent than) every addressed one
        for s in {by_id[i].subcategory for i in plan.exhausted}:
            addressed = [allocation_order(by_id[i]) for i, _ in plan.addresses if by_id[i].subcategory == s]
            left_out = [allocation_order(by_id[i]) for i in plan.exhausted if by_id[i].subcategory == s]
            assert not addressed or max(addressed) < min(left_out)


def test_most_frequent_words_come_first_within_a_block() -> None:
    pending = [Pending(1, 0, 3.0, "selten", 1), Pending(2, 0, 6.5, "Haus", 1), Pending(3, 0, None, "Aal", 1),
               Pending(4, 0, 6.5, "Baum", 1)]
    plan = plan_allocation(0x20, 0x01, pending, {})
    assert [(i, a.element) for i, a in plan.addresses] == [(4, 1), (2, 2), (1, 3), (3, 4)]


def test_a_full_category_addresses_the_most_frequent_and_keeps_the_rest() -> None:
    used = {ee: LAST_ELEMENT for ee in range(256)}
    used[FIRST_OVERFLOW] = LAST_ELEMENT - 2  # room for exactly two more
    pending = [Pending(i, 0, float(i), f"w{i}", 1) for i in range(1, 6)]
    plan = plan_allocation(0x20, 0x01, pending, used)
    assert sorted(i for i, _ in plan.addresses) == [4, 5]
    assert sorted(plan.exhausted) == [1, 2, 3]
    assert ELEMENTS_PER_BLOCK == 255


def _worker(dsn: str, n: int, barrier: multiprocessing.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    from aqea.convert import to_entry
    from aqea.store import allocate
    from aqea.store.db import connect, create_pool
    from aqea.store.upsert import upsert_entries
    from tests.test_store import lexeme

    allocate.WRITE_CHUNK = 7  # many chunks per category on the pool's path

    async def go() -> None:
        conn = await connect(dsn)
        # even workers allocate through a pool (lock held while chunks are written on other connections),
        # odd ones on their one connection (one transaction per category): both paths at once
        pool = await create_pool(dsn, 4) if n % 2 == 0 else None
        barrier.wait()
        for b in range(6):
            entries = [to_entry(lexeme(f"p{n}-{b}-{i}", page_id=n * 10_000 + b * 100 + i,
                                       pos="verb" if i % 3 == 0 else "noun")) for i in range(60)]
            async with conn.transaction():
                await upsert_entries(conn, entries, source="dewiktionary")
            await allocate.allocate_pending(pool if pool is not None else conn, parallel=2)
        if pool is not None:
            await pool.close()
        await conn.close()

    asyncio.run(go())


def test_several_processes_allocating_into_one_database_never_collide(dsn: str) -> None:
    from aqea.store.db import connect
    from aqea.store.migrate import migrate

    async def prepare() -> None:
        conn = await connect(dsn)
        await migrate(conn)
        await conn.close()

    asyncio.run(prepare())
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(4)
    procs = [ctx.Process(target=_worker, args=(dsn, n, barrier)) for n in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0

    async def check() -> list:
        conn = await connect(dsn)
        rows = await conn.fetch("SELECT count(*) n, count(DISTINCT address) d, count(address) a, "
                                "count(*) FILTER (WHERE unaddressed_reason IS NULL AND address IS NULL) pending "
                                "FROM aqea_entries")
        blocks = await conn.fetch("SELECT subcategory, last_element FROM address_blocks WHERE category = 1")
        await conn.close()
        return [dict(rows[0]), {b["subcategory"]: b["last_element"] for b in blocks}]

    totals, noun_blocks = asyncio.run(check())
    assert totals == {"n": 1440, "d": 1440, "a": 1440, "pending": 0}
    assert noun_blocks == {0x00: 255, 0x30: 255, 0x31: 255, 0x32: 960 - 3 * 255}  # 960 nouns, first fit


def _store_pending(dsn: str, n: int) -> None:
    from aqea.convert import to_entry
    from aqea.store.db import connect
    from aqea.store.migrate import migrate
    from aqea.store.upsert import upsert_entries
    from tests.test_store import lexeme

    async def go() -> None:
        conn = await connect(dsn)
        await migrate(conn)
        entries = [to_entry(lexeme(f"w{i:04d}", page_id=i + 1, pos="verb" if i % 4 == 0 else "noun"))
                   for i in range(n)]
        async with conn.transaction():
            await upsert_entries(conn, entries, source="dewiktionary")
        await conn.close()

    asyncio.run(go())


def _totals(dsn: str) -> dict[str, int]:
    from aqea.store.db import connect

    async def go() -> dict[str, int]:
        conn = await connect(dsn)
        row = await conn.fetchrow("SELECT count(*) n, count(DISTINCT address_int) d, count(address) a, "
                                  "count(*) FILTER (WHERE address IS NULL AND unaddressed_reason IS NULL) pending, "
                                  "count(*) FILTER (WHERE address_int >> 16 & 255 = 1) nouns, "
                                  "max(address_int & 255) FILTER (WHERE address_int >> 16 & 255 = 1) top_noun "
                                  "FROM aqea_entries")
        await conn.close()
        return dict(row)

    return asyncio.run(go())


def test_a_crash_between_reserving_and_writing_leaves_entries_pending_and_never_gives_an_address_twice(
        dsn: str, monkeypatch) -> None:
    import asyncpg

    from aqea.store import allocate
    from aqea.store.db import create_pool

    _store_pending(dsn, 120)  # 90 nouns, 30 verbs
    monkeypatch.setattr(allocate, "WRITE_CHUNK", 40)
    real_write = allocate._write_addresses
    calls = 0

    async def dying_write(conn, chunk):  # the second chunk's connection is lost before it writes
        nonlocal calls
        calls += 1
        if calls == 2:
            raise asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation")
        await real_write(conn, chunk)

    async def allocate_once(parallel: int) -> allocate.AllocationReport:
        pool = await create_pool(dsn, 2)
        try:
            return await allocate.allocate_pending(pool, parallel=parallel)
        finally:
            await pool.close()

    monkeypatch.setattr(allocate, "_write_addresses", dying_write)
    try:
        asyncio.run(allocate_once(1))
        raise AssertionError("the lost connection did not surface")
    except asyncpg.exceptions.ConnectionDoesNotExistError:
        pass
    half = _totals(dsn)
    # nouns: chunks one and three written, chunk two lost; the verbs, another category, written all the same
    assert (half["a"], half["d"], half["nouns"], half["pending"]) == (80, 80, 50, 40)
    monkeypatch.setattr(allocate, "_write_addresses", real_write)
    report = asyncio.run(allocate_once(2))
    assert report.assigned == 40
    after = _totals(dsn)
    assert after["pending"] == 0 and after["a"] == after["d"] == 120  # every entry once, no address twice
    # the first run reserved elements 1-90 of the nouns' block; those it did not write stay unused, never given
    assert after["top_noun"] == 90 + 40


def test_a_lost_chunk_is_retried_and_every_entry_addressed(dsn: str, monkeypatch) -> None:
    import asyncpg

    from aqea.store import allocate
    from aqea.store.db import create_pool
    from aqea.store.retry import RetryPolicy

    _store_pending(dsn, 120)
    monkeypatch.setattr(allocate, "WRITE_CHUNK", 30)
    real_write = allocate._write_addresses
    calls = 0

    async def flaky_write(conn, chunk):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation")
        await real_write(conn, chunk)

    monkeypatch.setattr(allocate, "_write_addresses", flaky_write)

    async def go() -> allocate.AllocationReport:
        pool = await create_pool(dsn, 4)
        try:
            return await allocate.allocate_pending(pool, parallel=2, retry=RetryPolicy(3, 0.01, 0.01))
        finally:
            await pool.close()

    report = asyncio.run(go())
    totals = _totals(dsn)
    assert totals["pending"] == 0 and totals["a"] == totals["d"] == 120
    assert (report.assigned, report.categories) == (120, 2) and calls == 5  # 4 chunks, the lost one again
