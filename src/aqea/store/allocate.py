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
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

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
    overflowed: int = 0  # entries with a subcategory addressed outside its blocks (their EE does not carry it)

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
    fill = dict(used)
    result = Allocation()
    cursor: dict[int, int] = {}  # per candidate list: index of the first block that may have room
    for entry in sorted(pending, key=allocation_order):
        key = layout.key(entry.subcategory)
        blocks = layout.candidates(key)
        i = cursor.get(key, 0)
        while i < len(blocks) and fill.get(blocks[i], 0) >= LAST_ELEMENT:
            i += 1
        cursor[key] = i
        if i == len(blocks):
            result.exhausted.append(entry.entry_id)
            continue
        block = blocks[i]
        element = fill[block] = fill.get(block, 0) + 1
        result.assigned.append((entry.entry_id, block[0] << 24 | category << 16 | block[1] << 8 | element))
        if i >= layout.semantic_count(key) > 0:
            result.overflowed += 1
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
    free = (b for b in ((d, ee) for d in shared_domains for ee in range(256)) if b not in taken)
    fill = dict(used)
    result = Allocation()
    groups: dict[tuple[str, int], list[Pending]] = {}
    for p in pending:
        groups.setdefault((p.language, p.category), []).append(p.entry)
    for language, category in sorted(groups):
        own = slots.setdefault(language, [])
        i = 0
        for entry in sorted(groups[(language, category)], key=allocation_order):
            while i < len(own) and fill.get((own[i][0], category, own[i][1]), 0) >= LAST_ELEMENT:
                i += 1
            if i == len(own):
                slot = next(free, None)
                if slot is None:
                    result.exhausted.append(entry.entry_id)
                    continue
                own.append(slot)
                result.new_slots.append((slot[0], slot[1], language))
            aa, ee = own[i]
            element = fill[(aa, category, ee)] = fill.get((aa, category, ee), 0) + 1
            result.assigned.append((entry.entry_id, aa << 24 | category << 16 | ee << 8 | element))
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
SELECT DISTINCT language, category FROM aqea_entries
WHERE address IS NULL AND unaddressed_reason IS NULL AND category IS NOT NULL
"""
_PENDING = """
SELECT id, subcategory, (meta->>'frequency')::float8 AS frequency, lemma, homograph FROM aqea_entries
WHERE address IS NULL AND unaddressed_reason IS NULL AND language = $1 AND category = $2
"""
_PENDING_SHARED = """
SELECT id, language, category, subcategory, (meta->>'frequency')::float8 AS frequency, lemma, homograph
FROM aqea_entries
WHERE address IS NULL AND unaddressed_reason IS NULL AND category IS NOT NULL AND NOT (language = ANY($1::text[]))
"""


async def allocate_pending(db: asyncpg.Connection | asyncpg.Pool, parallel: int = 1,
                           report: AllocationReport | None = None,
                           retry: RetryPolicy | None = None) -> AllocationReport:
    """Address every pending entry. Safe to run concurrently: each series' category is locked while it is
    planned, and the shared domains under one lock (they hand out slots).

    Given a pool, up to ``parallel`` categories are allocated at once, each on its own connection (they touch
    disjoint blocks): the database's update work, most of the time, then runs on several cores; with ``retry``,
    each category is tried again on a fresh connection while the database is away. Safe to run again after a
    dropped connection: each category is one transaction and only entries still pending are read. Pass the same
    ``report`` to every try so that it counts the categories already done.
    """
    reg = registry()
    report = report if report is not None else AllocationReport()
    if retry is not None and isinstance(db, asyncpg.Pool):
        found = await retry_transient(lambda: db.fetch(_PENDING_GROUPS), retry, "addressing new entries")
    else:
        found = await db.fetch(_PENDING_GROUPS)
    groups = sorted((r["language"], r["category"]) for r in found)
    jobs: list[tuple[str, int] | None] = [g for g in groups if reg.kind_of(g[0]) != "shared"]
    if len(jobs) < len(groups):
        jobs.insert(0, None)  # the shared domains: one job, started first (usually the largest)
    if isinstance(db, asyncpg.Pool):
        pool = db
        gate = asyncio.Semaphore(max(1, parallel))

        async def one(job: tuple[str, int] | None) -> None:
            async def attempt() -> None:
                async with pool.acquire() as conn:
                    await _allocate_job(conn, reg, job, report)

            async with gate:
                if retry is None:
                    await attempt()
                else:
                    await retry_transient(attempt, retry, "addressing new entries")

        await asyncio.gather(*(one(job) for job in jobs))
        return report
    for job in jobs:
        await _allocate_job(db, reg, job, report)
    return report


async def _allocate_job(conn: asyncpg.Connection, reg: Registry, job: tuple[str, int] | None,
                        report: AllocationReport) -> None:
    if job is None:
        await _allocate_shared(conn, reg, report)
    else:
        await _allocate_series(conn, reg, job[0], job[1], report)


async def _allocate_series(conn: asyncpg.Connection, reg: Registry, language: str, category: int,
                           report: AllocationReport) -> None:
    series = reg.series(language)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1, $2)", _LOCK_CLASS, series[0] * 256 + category)
        rows = await conn.fetch(_PENDING, language, category)  # re-read under the lock
        if not rows:
            return
        blocks = await conn.fetch(
            """SELECT domain, subcategory, last_element FROM address_blocks
               WHERE domain = ANY($1::smallint[]) AND category = $2""", list(series), category)
        layout: LanguageLayout | ConceptLayout = (
            ConceptLayout(series, category, reg.concept_fields) if language == CONCEPT_LANGUAGE
            else LanguageLayout(series))
        plan = plan_series(
            layout, category,
            (Pending(r["id"], r["subcategory"], r["frequency"], r["lemma"], r["homograph"]) for r in rows),
            {(b["domain"], b["subcategory"]): b["last_element"] for b in blocks},
        )
        reason = (f"address space full for {language} category 0x{category:02X}: every block of its domains "
                  f"{', '.join(f'0x{d:02X}' for d in series)} is used (registry v{reg.version})")
        await _write(conn, plan, reason)
    _count(report, plan)


async def _allocate_shared(conn: asyncpg.Connection, reg: Registry, report: AllocationReport) -> None:
    own = [*reg.primary, CONCEPT_LANGUAGE]
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1, $2)", _LOCK_CLASS, _SHARED_LOCK)
        rows = await conn.fetch(_PENDING_SHARED, own)
        if not rows:
            return
        slots: dict[str, list[Block]] = {}
        taken: set[Block] = set()
        for s in await conn.fetch("SELECT domain, slot, language FROM language_slots ORDER BY assigned_order"):
            slots.setdefault(s["language"], []).append((s["domain"], s["slot"]))
            taken.add((s["domain"], s["slot"]))
        blocks = await conn.fetch(
            "SELECT domain, category, subcategory, last_element FROM address_blocks WHERE domain = ANY($1::smallint[])",
            list(reg.shared_domains))
        plan = plan_shared(
            (SharedPending(r["language"], r["category"],
                           Pending(r["id"], r["subcategory"], r["frequency"], r["lemma"], r["homograph"]))
             for r in rows),
            slots, taken, reg.shared_domains,
            {(b["domain"], b["category"], b["subcategory"]): b["last_element"] for b in blocks},
        )
        if plan.new_slots:
            await conn.executemany("INSERT INTO language_slots (domain, slot, language) VALUES ($1, $2, $3)",
                                   plan.new_slots)
        reason = (f"address space full: every slot of the shared domains is taken (registry v{reg.version})")
        await _write(conn, plan, reason)
    _count(report, plan)
    report.new_slots += len(plan.new_slots)


def _count(report: AllocationReport, plan: Allocation) -> None:
    report.categories += 1
    report.assigned += len(plan.assigned)
    report.overflowed += plan.overflowed
    report.exhausted += len(plan.exhausted)


async def _write(conn: asyncpg.Connection, plan: Allocation, exhausted_reason: str) -> None:
    if plan.assigned:
        assigned = sorted(plan.assigned)  # in table order: the update then walks the heap instead of jumping
        await conn.execute(
            """UPDATE aqea_entries e SET address = v.address, address_int = v.address_int
               FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS v(id, address, address_int)
               WHERE e.id = v.id""",
            [i for i, _ in assigned], [address_text(a) for _, a in assigned], [a for _, a in assigned],
        )
    if plan.exhausted:
        await conn.execute("UPDATE aqea_entries SET unaddressed_reason = $2 WHERE id = ANY($1::bigint[])",
                           plan.exhausted, exhausted_reason)
    if plan.last_elements:
        keys = list(plan.last_elements)
        await conn.execute(
            """INSERT INTO address_blocks AS b (domain, category, subcategory, last_element)
               SELECT * FROM unnest($1::smallint[], $2::smallint[], $3::smallint[], $4::smallint[])
               ON CONFLICT (domain, category, subcategory)
               DO UPDATE SET last_element = greatest(b.last_element, EXCLUDED.last_element)""",
            [k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys], list(plan.last_elements.values()),
        )
