"""Interim address allocator: one per database, inside the upsert transaction.

Per (AA, QQ) block a counter row hands out element numbers k = 0, 1, 2, …; element k becomes
EE = k // 255, A2 = k % 255 + 1 (A2 = 0x00 is reserved). Counter rows are locked in (AA, QQ) order
so concurrent writers serialise per block and cannot deadlock. Addresses are never reused: the
counter only grows. When a block is exhausted the entry is kept without address, reason recorded.
The addressing issue replaces this with the full semantic scheme (docs/addressing.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import asyncpg

from aqea.address import Address
from aqea.taxonomy import domain_of

ELEMENTS_PER_SUBCATEGORY = 255  # A2 0x01..0xFF
BLOCK_CAPACITY = 256 * ELEMENTS_PER_SUBCATEGORY

_RESERVE = """
INSERT INTO address_counters AS c (domain, category, next_element) VALUES ($1, $2, $3)
ON CONFLICT (domain, category) DO UPDATE SET next_element = c.next_element + EXCLUDED.next_element
RETURNING c.next_element - $3 AS first
"""


def element_address(domain: int, category: int, k: int) -> Address:
    subcategory, element = divmod(k, ELEMENTS_PER_SUBCATEGORY)
    return Address(domain, category, subcategory, element + 1)


async def allocate_addresses(conn: asyncpg.Connection, rows: Sequence[asyncpg.Record]) -> int:
    """Give addresses to freshly written rows (``id``, ``language``, ``category``, ``lemma``)."""
    groups: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        domain = domain_of(row["language"])
        if domain is not None and row["category"] is not None:
            groups[(domain, row["category"])].append((row["lemma"], row["id"]))
    ids: list[int] = []
    texts: list[str] = []
    ints: list[int] = []
    full: list[int] = []
    for domain, category in sorted(groups):
        members = sorted(groups[(domain, category)])  # by lemma: deterministic within a batch
        first = await conn.fetchval(_RESERVE, domain, category, len(members))
        for k, (_lemma, row_id) in enumerate(members, start=first):
            if k >= BLOCK_CAPACITY:
                full.append(row_id)
                continue
            address = element_address(domain, category, k)
            ids.append(row_id)
            texts.append(str(address))
            ints.append(int(address))
    if ids:
        await conn.execute(
            """UPDATE aqea_entries e SET address = v.address, address_int = v.address_int,
                   unaddressed_reason = NULL
               FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS v(id, address, address_int)
               WHERE e.id = v.id""",
            ids, texts, ints,
        )
    if full:
        await conn.execute(
            "UPDATE aqea_entries SET unaddressed_reason = 'address space full' WHERE id = ANY($1::bigint[])",
            full,
        )
    return len(ids)
