"""The address allocator: the one place where addresses are handed out (docs/addressing.md, address space v2).

Writers store entries without an address ("pending"). ``allocate_pending`` then addresses them per *series*
and category under a PostgreSQL advisory lock, in a fixed order — most frequent word first, then lemma, then
homograph — so the same input into an empty database always yields the same addresses, whichever worker wrote
which entry first. Addresses are never reused: ``address_blocks`` remembers the highest element ever given per
(AA, QQ, EE) block and only grows. An address, once given, never changes.

A series is the set of domains one language (or the ILI concepts) fills, from the registry
(``taxonomy/domains.json``):
- a language with a primary domain: the primary, then its extension domains. EE 0x01-0x2F are semantic
  subcategories, 0x00 general, 0x30-0xFF unclassified. An entry takes its subcategory's block in the first domain
  of the series with room there; when every one is full, or it has no subcategory, the first general (0x00) or
  unclassified block with room. Its true subcategory stays in its ``subcategory`` column and in
  ``meta.subcategory``. Within one domain this is exactly address space v1 (overflow = unclassified).
- the concepts: each WordNet lexicographer file owns a range of blocks over the concept domains
  (``taxonomy/concept_blocks.json``); a full range spills into its category's unclassified tail.
- every other language: slots in the shared domains, one EE value each, the language recorded in
  ``language_slots``; a language takes its next slot when its slots have no room left in a category.
When nothing has room the entry is kept without address and the reason recorded — the most frequent words of a
batch are addressed first.

Before a language's category is planned, a pending entry whose own signals give no subcategory (general) takes the
one its views give (another source's view of the same word: a Wiktionary word that WordNet's lexicographer file
places), recorded in ``meta.subcategory`` as "view SOURCE SIGNAL" with its own choice kept under "own".
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import asyncpg

from aqea.address import Address
from aqea.store.retry import RetryPolicy, retry_transient
from aqea.taxonomy.registry import CONCEPT_LANGUAGE, ConceptField, Registry, registry

FIRST_ELEMENT = 0x01
LAST_ELEMENT = 0xFF
ELEMENTS_PER_BLOCK = LAST_ELEMENT - FIRST_ELEMENT + 1  # 255
LAST_SEMANTIC = 0x2F
FIRST_OVERFLOW = 0x30  # first unclassified block of a language domain
GENERAL = 0x00
CATEGORY_CAPACITY = 256 * ELEMENTS_PER_BLOCK  # 65,280 addresses per (AA, QQ)
_LOCK_CLASS = 0x41514541  # "AQEA": first key of the two-int advisory locks
_SHARED_LOCK = 0x7FFF0000  # second key of the lock that serialises the shared domains (slots are handed out)
WRITE_CHUNK = 50_000  # addresses per UPDATE when a pool writes a category's addresses in parallel

Block = tuple[int, int]  # (AA, EE) within one category
BlockKey = tuple[int, int, int]  # (AA, QQ, EE): a row of address_blocks


@dataclass(frozen=True, slots=True)
class Pending:
    entry_id: int
    subcategory: int
    frequency: float | None
    lemma: str
    homograph: int


@dataclass(slots=True)
class Allocation:
    assigned: list[tuple[int, int]] = field(default_factory=list)  # (entry id, address as integer)
    exhausted: list[int] = field(default_factory=list)
    last_elements: dict[BlockKey, int] = field(default_factory=dict)  # (AA, QQ, EE) → highest A2 now used
    new_slots: list[tuple[int, int, str]] = field(default_factory=list)  # (AA, EE, language) taken in shared domains
    # entries with a subcategory addressed outside its blocks (their EE does not carry it)
    overflowed_ids: set[int] = field(default_factory=set)

    @property
    def overflowed(self) -> int:
        return len(self.overflowed_ids)

    @property
    def addresses(self) -> list[tuple[int, Address]]:
        return [(entry_id, Address.from_int(value)) for entry_id, value in self.assigned]


def address_text(value: int) -> str:
    """``0xAA:QQ:EE:A2`` of an address integer (the allocator's hot path: no Address object)."""
    return f"0x{value >> 24:02X}:{value >> 16 & 255:02X}:{value >> 8 & 255:02X}:{value & 255:02X}"


def allocation_order(p: Pending) -> tuple[float, str, int]:
    """Most frequent first (no frequency counts as least frequent), then lemma by code point, then homograph."""
    return (-(p.frequency if p.frequency is not None else -1.0), p.lemma, p.homograph)


class LanguageLayout:
    """Candidate blocks of a language series: subcategory block in each domain, then general/unclassified ones."""

    def __init__(self, series: Sequence[int]) -> None:
        self.series = tuple(series)
        self._cache: dict[int, list[Block]] = {}

    @cached_property
    def _unclassified(self) -> list[Block]:
        return [(d, ee) for d in self.series for ee in range(FIRST_OVERFLOW, 256)]

    def key(self, subcategory: int) -> int:
        return subcategory if 0 < subcategory <= LAST_SEMANTIC else GENERAL

    def candidates(self, key: int) -> list[Block]:
        blocks = self._cache.get(key)
        if blocks is None:
            if key == GENERAL:  # v1 order within a domain: 0x00, then 0x30-0xFF; then the next domain
                blocks = [b for d in self.series for b in [(d, GENERAL)]
                          + [(d, ee) for ee in range(FIRST_OVERFLOW, 256)]]
            else:
                blocks = [(d, key) for d in self.series] + self._unclassified
            self._cache[key] = blocks
        return blocks

    def semantic_count(self, key: int) -> int:
        """How many leading candidates carry the subcategory in their EE."""
        return 0 if key == GENERAL else len(self.series)


class ConceptLayout:
    """Candidate blocks of a concept category: its lexicographer file's range, then the category's tail."""

    def __init__(self, domains: Sequence[int], category: int, fields: Iterable[ConceptField]) -> None:
        self.domains = tuple(domains)
        own = [f for f in fields if f.category == category]
        self._ranges = {f.lexfile: range(f.first_block, f.first_block + f.blocks) for f in own}
        tail_start = max((f.first_block + f.blocks for f in own), default=0)
        self._tail = [self._block(b) for b in range(tail_start, 256 * len(self.domains))]
        self._cache: dict[int, list[Block]] = {}

    def _block(self, linear: int) -> Block:
        return (self.domains[linear // 256], linear % 256)

    def key(self, subcategory: int) -> int:
        return subcategory if subcategory in self._ranges else -1

    def candidates(self, key: int) -> list[Block]:
        blocks = self._cache.get(key)
        if blocks is None:
            own = [self._block(b) for b in self._ranges.get(key, ())]
            blocks = self._cache[key] = own + self._tail
        return blocks

    def semantic_count(self, key: int) -> int:
        return len(self._ranges.get(key, ()))


def plan_series(layout: LanguageLayout | ConceptLayout, category: int, pending: Iterable[Pending],
                used: dict[Block, int]) -> Allocation:
    """Pure planning step for one series and category: which pending entry gets which address (no I/O)."""
    return plan_ordered(layout, category,
                        ((p.entry_id, p.subcategory) for p in sorted(pending, key=allocation_order)), used)


def plan_ordered(layout: LanguageLayout | ConceptLayout, category: int, ordered: Iterable[tuple[int, int]],
                 used: dict[Block, int]) -> Allocation:
    """``plan_series`` for entries already in allocation order, as (entry id, subcategory): the database sorts
    them (``ALLOCATION_ORDER``), so the allocator reads two integers per entry and sorts nothing."""
    fill = dict(used)
    result = Allocation()
    assigned = result.assigned
    cursor: dict[int, int] = {}  # per candidate list: index of the first block that may have room
    for entry_id, subcategory in ordered:
        key = layout.key(subcategory)
        blocks = layout.candidates(key)
        i = cursor.get(key, 0)
        while i < len(blocks) and fill.get(blocks[i], 0) >= LAST_ELEMENT:
            i += 1
        cursor[key] = i
        if i == len(blocks):
            result.exhausted.append(entry_id)
            continue
        block = blocks[i]
        element = fill[block] = fill.get(block, 0) + 1
        assigned.append((entry_id, block[0] << 24 | category << 16 | block[1] << 8 | element))
        if i >= layout.semantic_count(key) > 0:
            result.overflowed_ids.add(entry_id)
    result.last_elements = {(aa, category, ee): n for (aa, ee), n in fill.items() if n != used.get((aa, ee))}
    return result


def plan_allocation(domain: int, category: int, pending: Iterable[Pending],
                    last_elements: dict[int, int]) -> Allocation:
    """One language domain on its own (address space v1's rules); ``last_elements`` keyed by EE."""
    return plan_series(LanguageLayout((domain,)), category, pending,
                       {(domain, ee): n for ee, n in last_elements.items()})


@dataclass(slots=True)
class SharedPending:
    language: str
    category: int
    entry: Pending


def plan_shared(pending: Iterable[SharedPending], slots: dict[str, list[Block]], taken: set[Block],
                shared_domains: Sequence[int], used: dict[tuple[int, int, int], int]) -> Allocation:
    """Languages of the shared domains: fill each language's slots per category, taking new slots in order.

    ``slots``: language → its (AA, EE) slots in the order they were taken; ``taken``: every slot of any language;
    ``used``: (AA, QQ, EE) → highest element. Languages are served in code-point order, so new slots go to the
    same languages in the same order for the same input.
    """
    ordered = sorted(pending, key=lambda p: (p.language, p.category, allocation_order(p.entry)))
    return plan_shared_ordered(((p.language, p.category, p.entry.entry_id) for p in ordered),
                               slots, taken, shared_domains, used)


def plan_shared_ordered(ordered: Iterable[tuple[str, int, int]], slots: dict[str, list[Block]], taken: set[Block],
                        shared_domains: Sequence[int], used: dict[tuple[int, int, int], int]) -> Allocation:
    """``plan_shared`` for (language, category, entry id) sorted by language (code points), category, then
    allocation order — as the database returns them."""
    free = (b for b in ((d, ee) for d in shared_domains for ee in range(256)) if b not in taken)
    fill = dict(used)
    result = Allocation()
    assigned = result.assigned
    group: tuple[str, int] | None = None
    own: list[Block] = []
    i = 0
    for language, category, entry_id in ordered:
        if (language, category) != group:
            group, own, i = (language, category), slots.setdefault(language, []), 0
        while i < len(own) and fill.get((own[i][0], category, own[i][1]), 0) >= LAST_ELEMENT:
            i += 1
        if i == len(own):
            slot = next(free, None)
            if slot is None:
                result.exhausted.append(entry_id)
                continue
            own.append(slot)
            result.new_slots.append((slot[0], slot[1], language))
        aa, ee = own[i]
        element = fill[(aa, category, ee)] = fill.get((aa, category, ee), 0) + 1
        assigned.append((entry_id, aa << 24 | category << 16 | ee << 8 | element))
    result.last_elements = {key: n for key, n in fill.items() if n != used.get(key)}
    return result


@dataclass(slots=True)
class AllocationReport:
    assigned: int = 0
    overflowed: int = 0  # addressed outside their subcategory's blocks (the EE does not carry it)
    exhausted: int = 0
    categories: int = 0
    new_slots: int = 0


_PENDING_GROUPS = """
SELECT language, category, count(*) AS entries FROM aqea_entries
WHERE address IS NULL AND unaddressed_reason IS NULL AND category IS NOT NULL
GROUP BY language, category
"""
# allocation_order in SQL: most frequent first (none counts as -1), lemma by code point (C collation compares
# UTF-8 bytes, whose order is the code points'), homograph
ALLOCATION_ORDER = "coalesce((meta->>'frequency')::float8, -1.0) DESC, lemma COLLATE \"C\", homograph"
_PENDING = f"""
SELECT id, subcategory FROM aqea_entries
WHERE address IS NULL AND unaddressed_reason IS NULL AND language = $1 AND category = $2
ORDER BY {ALLOCATION_ORDER}
"""
_PENDING_SHARED = f"""
SELECT language, category, id FROM aqea_entries
WHERE address IS NULL AND unaddressed_reason IS NULL AND category IS NOT NULL AND NOT (language = ANY($1::text[]))
ORDER BY language COLLATE "C", category, {ALLOCATION_ORDER}
"""
_SORT_MEMORY = "SET LOCAL work_mem = '64MB'"  # sort a category's pending entries in memory, not on disk

# A view's semantic subcategory per entry: the most views agreeing, then the first source by name (deterministic).
_VIEW_CHOICE = """
SELECT DISTINCT ON (entry_id) entry_id, source, code, choice FROM (
    SELECT v.entry_id, v.source, (v.meta->'subcategory'->>'code')::smallint AS code, v.meta->'subcategory' AS choice,
           count(*) OVER (PARTITION BY v.entry_id, v.meta->'subcategory'->>'code') AS agreeing
    FROM entry_sources v
    WHERE v.entry_id {entries} AND (v.meta->'subcategory'->>'code')::int BETWEEN 1 AND 47  -- 0x01-0x2F
) c
ORDER BY entry_id, agreeing DESC, source COLLATE "C"
"""
VIEW_SUBCATEGORY = _VIEW_CHOICE.format(entries="= ANY($1::bigint[])")  # for reports: any entries' views
# An entry whose own signals give no subcategory (general, 0x00) takes its views' before it is addressed, e.g. a
# Wiktionary word WordNet's lexicographer file places (docs/wordnet.md); an address, once given, never changes.
_ADOPT_VIEW_SUBCATEGORY = f"""
WITH general AS (
    SELECT id FROM aqea_entries
    WHERE address IS NULL AND unaddressed_reason IS NULL AND language = $1 AND category = $2 AND subcategory = 0
), chosen AS ({_VIEW_CHOICE.format(entries="IN (SELECT id FROM general)")})
UPDATE aqea_entries e SET subcategory = c.code, meta = jsonb_set(e.meta, '{{subcategory}}', c.choice
    || jsonb_build_object('signal', 'view ' || c.source || ' ' || (c.choice->>'signal'), 'own', e.meta->'subcategory'))
FROM chosen c WHERE e.id = c.entry_id
"""


async def allocate_pending(db: asyncpg.Connection | asyncpg.Pool, parallel: int = 1,
                           report: AllocationReport | None = None,
                           retry: RetryPolicy | None = None) -> AllocationReport:
    """Address every pending entry. Safe to run concurrently: each series' category is locked while it is
    planned and written, the shared domains under one lock (they hand out slots).

    Given a connection, each category is one transaction. Given a pool (of two connections or more), the work
    spreads over up to ``parallel`` connections: each category is planned under its lock and its blocks
    reserved in one transaction, then its addresses are written in chunks by whichever connection is free (the
    writing is most of the time, and one category can be most of the entries); the lock is held until the last
    chunk is written. With ``retry``, a category is tried again on a fresh connection while the database is
    away. Safe to run again after a dropped connection: only entries still pending are read, and blocks
    reserved but not written are skipped, never handed out twice. Pass the same ``report`` to every try so
    that it counts the categories already done.
    """
    reg = registry()
    report = report if report is not None else AllocationReport()
    if retry is not None and isinstance(db, asyncpg.Pool):
        found = await retry_transient(lambda: db.fetch(_PENDING_GROUPS), retry, "addressing new entries")
    else:
        found = await db.fetch(_PENDING_GROUPS)
    jobs: list[tuple[str, int] | None] = []
    sizes: dict[tuple[str, int] | None, int] = {}
    for r in sorted(found, key=lambda r: (r["language"], r["category"])):
        job = None if reg.kind_of(r["language"]) == "shared" else (r["language"], r["category"])
        if job not in sizes:
            jobs.append(job)
        sizes[job] = sizes.get(job, 0) + r["entries"]
    jobs.sort(key=lambda j: -sizes[j])  # largest first: the small ones fill the gaps at the end
    if not isinstance(db, asyncpg.Pool):
        for job in jobs:
            await _allocate_job(db, reg, job, report)
        return report
    pool = db
    if pool.get_max_size() < 2:  # no connection to spare for holding a lock: one transaction per category
        gate = asyncio.Semaphore(1)

        async def whole(job: tuple[str, int] | None) -> None:
            async with pool.acquire() as conn:
                await _allocate_job(conn, reg, job, report)

        await _run_all(_guarded(gate, lambda j=job: whole(j), retry) for job in jobs)
        return report
    # one connection per job in flight holds its lock; the others do the work
    holders = asyncio.Semaphore(max(1, min(parallel, pool.get_max_size() - max(1, parallel))))
    workers = asyncio.Semaphore(max(1, min(parallel, pool.get_max_size() - 1)))

    async def split(job: tuple[str, int] | None) -> None:
        async with pool.acquire() as holder:
            await _allocate_job_split(pool, holder, reg, job, workers, report)

    await _run_all(_guarded(holders, lambda j=job: split(j), retry) for job in jobs)
    return report


async def _run_all(work: Iterable[Coroutine[Any, Any, None]]) -> None:
    """Run concurrently until every one is done, then raise the first failure. The others finish rather than
    being cancelled: a cancelled chunk may have been written all the same, and would then not be counted."""
    tasks = [asyncio.ensure_future(w) for w in work]
    try:
        results = await asyncio.gather(*tasks, return_exceptions=True)
    finally:  # cancelled from outside (an interrupt): stop them all, and wait until they have stopped
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


async def _guarded(gate: asyncio.Semaphore, attempt: Callable[[], Awaitable[None]],
                   retry: RetryPolicy | None) -> None:
    async with gate:
        if retry is None:
            await attempt()
        else:
            await retry_transient(attempt, retry, "addressing new entries")


def _lock_key(reg: Registry, job: tuple[str, int] | None) -> int:
    return _SHARED_LOCK if job is None else reg.series(job[0])[0] * 256 + job[1]


async def _allocate_job(conn: asyncpg.Connection, reg: Registry, job: tuple[str, int] | None,
                        report: AllocationReport) -> None:
    """One category (or the shared domains) in one transaction."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1, $2)", _LOCK_CLASS, _lock_key(reg, job))
        planned = await _plan_job(conn, reg, job)  # read under the lock
        if planned is None:
            return
        await _reserve(conn, planned)
        await _write_addresses(conn, sorted(planned.assigned))
    _count_reserved(report, planned)
    _count_written(report, planned, planned.assigned)
    report.categories += 1


async def _allocate_job_split(pool: asyncpg.Pool, holder: asyncpg.Connection, reg: Registry,
                              job: tuple[str, int] | None, workers: asyncio.Semaphore,
                              report: AllocationReport) -> None:
    """Plan and reserve under the lock in one transaction, then write the addresses in parallel chunks.

    The reservation is committed before any address is written: a crash in between leaves the entries pending
    and their reserved elements unused (the next run addresses them after those), never an address twice. The
    lock is a transaction lock held by ``holder``'s open transaction until every chunk is in (no session state:
    it holds through a transaction-mode pooler too; a lost connection releases it).
    """
    lock = holder.transaction()  # only takes the lock: ending it (rolled back, nothing in it) releases the lock
    await lock.start()
    try:
        await holder.execute("SELECT pg_advisory_xact_lock($1, $2)", _LOCK_CLASS, _lock_key(reg, job))
        async with workers, pool.acquire() as planner, planner.transaction():
            planned = await _plan_job(planner, reg, job)  # read under the lock
            if planned is None:
                return
            await _reserve(planner, planned)
        _count_reserved(report, planned)

        async def write(chunk: list[tuple[int, int]]) -> None:
            async with workers, pool.acquire() as conn:
                await _write_addresses(conn, chunk)
            _count_written(report, planned, chunk)

        assigned = sorted(planned.assigned)  # in table order: each chunk walks its part of the heap
        await _run_all(write(assigned[i:i + WRITE_CHUNK]) for i in range(0, len(assigned), WRITE_CHUNK))
    finally:
        if not holder.is_closed():
            with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                # a lost connection has released the lock already
                await lock.rollback()
    report.categories += 1


@dataclass(slots=True)
class _Planned:
    plan: Allocation
    exhausted_reason: str

    @property
    def assigned(self) -> list[tuple[int, int]]:
        return self.plan.assigned


async def _plan_job(conn: asyncpg.Connection, reg: Registry, job: tuple[str, int] | None) -> _Planned | None:
    return await (_plan_shared(conn, reg) if job is None else _plan_series(conn, reg, job[0], job[1]))


async def _plan_series(conn: asyncpg.Connection, reg: Registry, language: str, category: int) -> _Planned | None:
    series = reg.series(language)
    await conn.execute(_SORT_MEMORY)
    if language != CONCEPT_LANGUAGE:  # concepts are laid out by their own lexicographer file
        await conn.execute(_ADOPT_VIEW_SUBCATEGORY, language, category)
    rows = await conn.fetch(_PENDING, language, category)
    if not rows:
        return None
    blocks = await conn.fetch(
        """SELECT domain, subcategory, last_element FROM address_blocks
           WHERE domain = ANY($1::smallint[]) AND category = $2""", list(series), category)
    layout: LanguageLayout | ConceptLayout = (
        ConceptLayout(series, category, reg.concept_fields) if language == CONCEPT_LANGUAGE
        else LanguageLayout(series))
    plan = plan_ordered(layout, category, rows, {(b["domain"], b["subcategory"]): b["last_element"] for b in blocks})
    reason = (f"address space full for {language} category 0x{category:02X}: every block of its domains "
              f"{', '.join(f'0x{d:02X}' for d in series)} is used (registry v{reg.version})")
    return _Planned(plan, reason)


async def _plan_shared(conn: asyncpg.Connection, reg: Registry) -> _Planned | None:
    await conn.execute(_SORT_MEMORY)
    rows = await conn.fetch(_PENDING_SHARED, [*reg.primary, CONCEPT_LANGUAGE])
    if not rows:
        return None
    slots: dict[str, list[Block]] = {}
    taken: set[Block] = set()
    for s in await conn.fetch("SELECT domain, slot, language FROM language_slots ORDER BY assigned_order"):
        slots.setdefault(s["language"], []).append((s["domain"], s["slot"]))
        taken.add((s["domain"], s["slot"]))
    blocks = await conn.fetch(
        "SELECT domain, category, subcategory, last_element FROM address_blocks WHERE domain = ANY($1::smallint[])",
        list(reg.shared_domains))
    plan = plan_shared_ordered(
        rows, slots, taken, reg.shared_domains,
        {(b["domain"], b["category"], b["subcategory"]): b["last_element"] for b in blocks},
    )
    return _Planned(plan, f"address space full: every slot of the shared domains is taken (registry v{reg.version})")


def _count_reserved(report: AllocationReport, planned: _Planned) -> None:
    report.exhausted += len(planned.plan.exhausted)
    report.new_slots += len(planned.plan.new_slots)


def _count_written(report: AllocationReport, planned: _Planned, chunk: list[tuple[int, int]]) -> None:
    report.assigned += len(chunk)
    overflowed = planned.plan.overflowed_ids
    if overflowed:
        report.overflowed += sum(1 for entry_id, _ in chunk if entry_id in overflowed)


async def _reserve(conn: asyncpg.Connection, planned: _Planned) -> None:
    """Everything of a plan but the addresses themselves: the blocks' new highest elements, new slots, and the
    reason of the entries left without address."""
    plan = planned.plan
    if plan.new_slots:
        await conn.executemany("INSERT INTO language_slots (domain, slot, language) VALUES ($1, $2, $3)",
                               plan.new_slots)
    if plan.exhausted:
        await conn.execute("UPDATE aqea_entries SET unaddressed_reason = $2 WHERE id = ANY($1::bigint[])",
                           plan.exhausted, planned.exhausted_reason)
    if plan.last_elements:
        keys = list(plan.last_elements)
        await conn.execute(
            """INSERT INTO address_blocks AS b (domain, category, subcategory, last_element)
               SELECT * FROM unnest($1::smallint[], $2::smallint[], $3::smallint[], $4::smallint[])
               ON CONFLICT (domain, category, subcategory)
               DO UPDATE SET last_element = greatest(b.last_element, EXCLUDED.last_element)""",
            [k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys], list(plan.last_elements.values()),
        )


async def _write_addresses(conn: asyncpg.Connection, assigned: list[tuple[int, int]]) -> None:
    """Give entries their planned addresses (sorted by id: the update walks the heap instead of jumping). An
    entry that has an address already keeps it: writing a chunk again changes nothing."""
    if assigned:
        await conn.execute(
            """UPDATE aqea_entries e SET address = v.address, address_int = v.address_int
               FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS v(id, address, address_int)
               WHERE e.id = v.id AND e.address_int IS NULL""",
            [i for i, _ in assigned], [address_text(a) for _, a in assigned], [a for _, a in assigned],
        )
