"""The address allocator: the one place where A2 element ids are handed out (docs/addressing.md).

Writers store entries without an address ("pending"). ``allocate_pending`` then addresses them, per
(AA, QQ) category under a PostgreSQL advisory lock, in a fixed order — most frequent word first, then lemma,
then homograph — so the same input into an empty database always yields the same addresses, whichever worker
wrote which entry first. Addresses are never reused: ``address_blocks`` remembers the highest element ever
given per (AA, QQ, EE) block and only grows. An address, once given, never changes.

Blocks: EE 0x00-0x2F are semantic subcategories (0x1A-0x2F reserved for future ones); A2 runs 0x01-0xFF
(0x00 addresses the block itself). A full semantic block spills into the category's overflow blocks
EE 0x30-0xFF, first fit; the entry's true subcategory stays in its ``subcategory`` column and in
``meta.subcategory``. When no block of the category has room, the entry is kept without address and the
reason recorded — the most frequent words of a batch are addressed first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import asyncpg

from aqea.address import Address

FIRST_ELEMENT = 0x01
LAST_ELEMENT = 0xFF
ELEMENTS_PER_BLOCK = LAST_ELEMENT - FIRST_ELEMENT + 1  # 255
LAST_SEMANTIC = 0x2F
FIRST_OVERFLOW = 0x30
GENERAL = 0x00
CATEGORY_CAPACITY = 256 * ELEMENTS_PER_BLOCK  # 65,280 addresses per (AA, QQ)
_LOCK_CLASS = 0x41514541  # "AQEA": first key of the two-int advisory lock; the second is AA * 256 + QQ


@dataclass(frozen=True, slots=True)
class Pending:
    entry_id: int
    subcategory: int
    frequency: float | None
    lemma: str
    homograph: int


@dataclass(slots=True)
class Allocation:
    assigned: list[tuple[int, Address]] = field(default_factory=list)
    exhausted: list[int] = field(default_factory=list)
    last_elements: dict[int, int] = field(default_factory=dict)  # EE → highest A2 now used

    @property
    def overflowed(self) -> int:
        return sum(1 for _, a in self.assigned if a.subcategory >= FIRST_OVERFLOW)


def allocation_order(p: Pending) -> tuple[float, str, int]:
    """Most frequent first (no frequency counts as least frequent), then lemma by code point, then homograph."""
    return (-(p.frequency if p.frequency is not None else -1.0), p.lemma, p.homograph)


def plan_allocation(
    domain: int, category: int, pending: Iterable[Pending], last_elements: dict[int, int]
) -> Allocation:
    """Pure planning step: which pending entry gets which address (no I/O; property-tested)."""
    used = dict(last_elements)
    result = Allocation()
    overflow = FIRST_OVERFLOW
    for entry in sorted(pending, key=allocation_order):
        block = entry.subcategory if 0 <= entry.subcategory <= LAST_SEMANTIC else GENERAL
        if used.get(block, 0) >= LAST_ELEMENT:
            while overflow <= 0xFF and used.get(overflow, 0) >= LAST_ELEMENT:
                overflow += 1
            if overflow > 0xFF:
                result.exhausted.append(entry.entry_id)
                continue
            block = overflow
        used[block] = used.get(block, 0) + 1
        result.assigned.append((entry.entry_id, Address(domain, category, block, used[block])))
    result.last_elements = {ee: n for ee, n in used.items() if n != last_elements.get(ee)}
    return result


@dataclass(slots=True)
class AllocationReport:
    assigned: int = 0
    overflowed: int = 0
    exhausted: int = 0
    categories: int = 0


_PENDING_GROUPS = """
SELECT DISTINCT domain, category FROM aqea_entries
WHERE address IS NULL AND unaddressed_reason IS NULL AND domain IS NOT NULL AND category IS NOT NULL
"""
_PENDING = """
SELECT id, subcategory, (meta->>'frequency')::float8 AS frequency, lemma, homograph FROM aqea_entries
WHERE address IS NULL AND unaddressed_reason IS NULL AND domain = $1 AND category = $2
"""


async def allocate_pending(conn: asyncpg.Connection, report: AllocationReport | None = None) -> AllocationReport:
    """Address every pending entry. Safe to run concurrently: categories are locked one at a time.

    Safe to run again after a dropped connection: each category is one transaction and only entries still
    pending are read. Pass the same ``report`` to every try so that it counts the categories already done.
    """
    report = report if report is not None else AllocationReport()
    groups = sorted((int(r["domain"], 16), r["category"]) for r in await conn.fetch(_PENDING_GROUPS))
    for domain, category in groups:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1, $2)", _LOCK_CLASS, domain * 256 + category)
            rows = await conn.fetch(_PENDING, f"0x{domain:02X}", category)  # re-read under the lock
            if not rows:
                continue
            blocks = await conn.fetch(
                "SELECT subcategory, last_element FROM address_blocks WHERE domain = $1 AND category = $2",
                domain, category,
            )
            plan = plan_allocation(
                domain, category,
                (Pending(r["id"], r["subcategory"], r["frequency"], r["lemma"], r["homograph"]) for r in rows),
                {b["subcategory"]: b["last_element"] for b in blocks},
            )
            await _write(conn, domain, category, plan)
        report.categories += 1
        report.assigned += len(plan.assigned)
        report.overflowed += plan.overflowed
        report.exhausted += len(plan.exhausted)
    return report


async def _write(conn: asyncpg.Connection, domain: int, category: int, plan: Allocation) -> None:
    if plan.assigned:
        await conn.execute(
            """UPDATE aqea_entries e SET address = v.address, address_int = v.address_int
               FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS v(id, address, address_int)
               WHERE e.id = v.id""",
            [i for i, _ in plan.assigned], [str(a) for _, a in plan.assigned], [int(a) for _, a in plan.assigned],
        )
    if plan.exhausted:
        await conn.execute(
            "UPDATE aqea_entries SET unaddressed_reason = $2 WHERE id = ANY($1::bigint[])",
            plan.exhausted, f"address space full for 0x{domain:02X}:{category:02X}",
        )
    if plan.last_elements:
        await conn.execute(
            """INSERT INTO address_blocks AS b (domain, category, subcategory, last_element)
               SELECT $1, $2, ee, n FROM unnest($3::smallint[], $4::smallint[]) AS v(ee, n)
               ON CONFLICT (domain, category, subcategory)
               DO UPDATE SET last_element = greatest(b.last_element, EXCLUDED.last_element)""",
            domain, category, list(plan.last_elements), list(plan.last_elements.values()),
        )
