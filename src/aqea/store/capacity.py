"""How full the address space is, by registry series and category, and what the full sources will need."""

from __future__ import annotations

import math
from typing import Any

import asyncpg

from aqea.store.allocate import ELEMENTS_PER_BLOCK, LAST_SEMANTIC
from aqea.taxonomy import category_of, load_table
from aqea.taxonomy.registry import CONCEPT_LANGUAGE, Registry

BLOCKS_PER_CATEGORY = 256
SHARED = "shared"  # every language without a domain of its own, reported together

_ENTRIES = """
SELECT language, category, count(*) AS entries, count(address) AS addressed,
       count(*) FILTER (WHERE address IS NULL AND unaddressed_reason IS NULL) AS pending,
       count(*) FILTER (WHERE unaddressed_reason IS NOT NULL) AS unaddressed,
       count(*) FILTER (WHERE subcategory BETWEEN 1 AND $1) AS with_subcategory,
       count(*) FILTER (WHERE subcategory BETWEEN 1 AND $1 AND ((address_int >> 8) & 255) = subcategory)
           AS subcategory_in_address
FROM aqea_entries WHERE category IS NOT NULL GROUP BY language, category
"""
_CONCEPT_BLOCKS = """
SELECT category, subcategory, (address_int >> 24) AS domain, ((address_int >> 8) & 255) AS block, count(*) AS n
FROM aqea_entries WHERE language = $1 AND address_int IS NOT NULL GROUP BY 1, 2, 3, 4
"""


async def capacity_report(conn: asyncpg.Connection, reg: Registry) -> dict[str, Any]:
    """The registry, fullness per (series, category), the share of addresses whose EE carries the entry's
    subcategory, and the projection of the full sources (``taxonomy/capacity_projection.json``)."""
    handed_out: dict[tuple[int, int], int] = {
        (r["domain"], r["category"]): int(r["n"])
        for r in await conn.fetch(
            "SELECT domain, category, sum(last_element) AS n FROM address_blocks GROUP BY domain, category")
    }
    slots = await conn.fetch("SELECT language, count(*) AS n FROM language_slots GROUP BY language")
    slot_count = {r["language"]: r["n"] for r in slots}
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for r in await conn.fetch(_ENTRIES, LAST_SEMANTIC):
        series = r["language"] if reg.kind_of(r["language"]) != "shared" else SHARED
        item = rows.setdefault((series, r["category"]), {
            "series": series, "category": r["category"], "entries": 0, "addressed": 0, "pending": 0,
            "unaddressed": 0, "with_subcategory": 0, "subcategory_in_address": 0, "languages": 0})
        for key in ("entries", "addressed", "pending", "unaddressed", "with_subcategory", "subcategory_in_address"):
            item[key] += r[key]
        item["languages"] += 1
    concept = await _concept_semantics(conn, reg)
    categories = []
    for (series, category), item in sorted(rows.items(), key=lambda kv: (_series_order(kv[0][0], reg), kv[0][1])):
        if series == CONCEPT_LANGUAGE:
            item["with_subcategory"], item["subcategory_in_address"] = concept.get(category, (0, 0))
        domains = reg.series(series) if series != SHARED else reg.shared_domains
        used = sum(handed_out.get((d, category), 0) for d in domains)
        if series == SHARED:  # a category of the shared domains holds 255 per slot taken
            capacity = len(reg.shared_domains) * BLOCKS_PER_CATEGORY * ELEMENTS_PER_BLOCK
        else:
            capacity = len(domains) * BLOCKS_PER_CATEGORY * ELEMENTS_PER_BLOCK
        item.update(handed_out=used, capacity=capacity, free=capacity - used,
                    domains=[f"0x{d:02X}" for d in domains] if series != SHARED else
                    [f"0x{reg.shared_domains[0]:02X}-0x{reg.shared_domains[-1]:02X}"],
                    domains_in_use=sorted({f"0x{d:02X}" for d in domains if handed_out.get((d, category))}))
        categories.append(item)
    unaddressable = [dict(r) for r in await conn.fetch(
        """SELECT unaddressed_reason AS reason, count(*) AS entries FROM aqea_entries
           WHERE unaddressed_reason IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1""")]
    with_subcategory = sum(c["with_subcategory"] for c in categories)
    carried = sum(c["subcategory_in_address"] for c in categories)
    addressed = sum(c["addressed"] for c in categories)
    return {
        "registry": registry_document(reg),
        "categories": categories,
        "shared_slots": {"taken": sum(slot_count.values()), "languages": len(slot_count),
                         "total": len(reg.shared_domains) * 256},
        "semantic": {"addressed": addressed, "with_subcategory": with_subcategory,
                     "subcategory_in_address": carried,
                     "share_of_addressed": carried / addressed if addressed else 0.0},
        "projection": projection(reg),
        "unaddressable": unaddressable,
    }


async def _concept_semantics(conn: asyncpg.Connection, reg: Registry) -> dict[int, tuple[int, int]]:
    """Per concept category: concepts with a lexicographer file, and those inside that file's block range."""
    ranges = {(f.category, f.lexfile): range(f.first_block, f.first_block + f.blocks) for f in reg.concept_fields}
    first = reg.concept_domains[0]
    out: dict[int, list[int]] = {}
    for r in await conn.fetch(_CONCEPT_BLOCKS, CONCEPT_LANGUAGE):
        item = out.setdefault(r["category"], [0, 0])
        item[0] += r["n"]
        if (r["domain"] - first) * 256 + r["block"] in ranges.get((r["category"], r["subcategory"]), ()):
            item[1] += r["n"]
    return {k: (v[0], v[1]) for k, v in out.items()}


def _series_order(series: str, reg: Registry) -> tuple[int, str]:
    if series == SHARED:
        return (2, "")
    return (0 if series == CONCEPT_LANGUAGE else 1, f"{reg.series(series)[0]:03d}")


def registry_document(reg: Registry) -> dict[str, Any]:
    return {
        "version": reg.version,
        "ranges": [{"first": f"0x{r.first:02X}", "last": f"0x{r.last:02X}", "kind": r.kind, "purpose": r.purpose}
                   for r in reg.ranges],
        "languages": {lang: [f"0x{d:02X}" for d in reg.series(lang)] for lang in reg.primary},
        "concepts": [f"0x{d:02X}" for d in reg.concept_domains],
        "shared": [f"0x{reg.shared_domains[0]:02X}", f"0x{reg.shared_domains[-1]:02X}"],
    }


def projection(reg: Registry) -> list[dict[str, Any]]:
    """Per series and category: the largest count any full source projects, the domains that needs, and the
    domains the registry gives."""
    largest: dict[tuple[str, str], tuple[int, str]] = {}
    for source in load_table("capacity_projection")["sources"]:
        for pos, n in source["counts"].items():
            key = (source["series"], pos)
            if n > largest.get(key, (0, ""))[0]:
                largest[key] = (n, f"{source['source']} ({source['kind']})")
    per_domain = BLOCKS_PER_CATEGORY * ELEMENTS_PER_BLOCK
    out = []
    for (series, pos), (n, source) in sorted(largest.items(), key=lambda kv: (kv[0][0], -kv[1][0])):
        given = len(reg.series(series))
        out.append({"series": series, "pos": pos, "category": category_of(pos), "entries": n, "source": source,
                    "domains_needed": math.ceil(n / per_domain), "domains_given": given,
                    "fits": n <= given * per_domain})
    return out
