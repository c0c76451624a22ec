"""The dashboard's document: recent runs (as `aqea status` shows each), one run's units and its rate over time,
entries per language and category, and the address space cell by cell (domain × category). Reads only.

`aqea serve` renders it at ``/`` and answers it as JSON at ``/v1/dashboard``; the workers part comes from the
Prefect API (``aqea.status.add_workers``), added by the caller with no database connection held.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import asyncpg

from aqea.store.allocate import CATEGORY_CAPACITY, LAST_SEMANTIC
from aqea.taxonomy import load_table
from aqea.taxonomy.registry import CONCEPT_LANGUAGE, Registry

RECENT_RUNS = 10
MAX_UNITS = 500  # units listed for one run (a full English dump has a few hundred)
RATE_BUCKETS = 40
EXHAUSTED = "address space full%"  # allocate.py's reason for an entry no block had room for


async def dashboard_document(conn: asyncpg.Connection, reg: Registry, run_id: str | None = None) -> dict[str, Any]:
    """Everything the page shows except workers. ``run_id``: whose units and rate to show (default: the latest
    run). Raises ConfigError (aqea.status) when ``run_id`` names no run."""
    from aqea.status import read_status

    recent = await conn.fetch(
        "SELECT id, flow_run_id FROM extraction_runs ORDER BY started_at DESC LIMIT $1", RECENT_RUNS)
    # each run as `aqea status --json` shows it, and its flow run (for a link into the Prefect UI)
    runs = [{**await read_status(conn, r["id"]), "flow_run_id": r["flow_run_id"]} for r in recent]
    selected = None
    if run_id is not None or runs:
        chosen = next((r for r in runs if r["overview"]["run_id"] == run_id), None) if run_id else runs[0]
        if chosen is None:  # an older run, asked for by id
            chosen = {**await read_status(conn, run_id), "flow_run_id": await conn.fetchval(
                "SELECT flow_run_id FROM extraction_runs WHERE id = $1", run_id)}
        selected = {"run": chosen, **await run_units(conn, chosen["overview"]["run_id"])}
    return {
        "generated_at": (await conn.fetchval("SELECT now()")).isoformat(),
        "runs": runs,
        "selected": selected,
        "entries": await entries_by_language(conn),
        "address_space": await address_space(conn, reg),
    }


async def run_units(conn: asyncpg.Connection, run_id: str) -> dict[str, Any]:
    """The run's units (progress, timing, where they ran) and its rate over time."""
    rows = await conn.fetch(
        """SELECT unit_key, status, pages_processed, entries_processed, rejected, error, flow_run_id,
                  cloud_provider, attempts, started_at, finished_at, updated_at,
                  coalesce(range->>'records_estimate', range->>'pages_estimate')::bigint AS estimate
           FROM work_units WHERE run_id = $1 ORDER BY unit_key""", run_id)
    run = await conn.fetchrow("SELECT started_at, finished_at, now() AS now FROM extraction_runs WHERE id = $1",
                              run_id)
    units = [{"unit": r["unit_key"], "status": r["status"], "pages": r["pages_processed"],
              "estimate": r["estimate"], "entries": r["entries_processed"], "rejected": r["rejected"],
              "error": r["error"], "flow_run_id": r["flow_run_id"], "provider": r["cloud_provider"],
              "attempts": r["attempts"], "started_at": _iso(r["started_at"]),
              "finished_at": _iso(r["finished_at"]), "last_stored_at": _iso(_last_stored(r))} for r in rows]
    return {"units": units[:MAX_UNITS], "units_listed": min(len(units), MAX_UNITS), "units_total": len(units),
            "rate": rate_over_time(rows, run["started_at"], run["finished_at"] or run["now"])}


def _last_stored(unit: asyncpg.Record) -> datetime | None:
    """When the unit last stored a batch: its end, or (while it runs) its row's last update."""
    if unit["started_at"] is None:
        return None
    return unit["finished_at"] or unit["updated_at"]


def rate_over_time(units: list[asyncpg.Record], start: datetime, end: datetime,
                   buckets: int = RATE_BUCKETS) -> dict[str, Any]:
    """Pages per minute in equal time slices of the run: each unit's stored pages spread evenly from its start
    to its last stored batch (units record totals, not each batch's time)."""
    span = max((end - start).total_seconds(), 1.0)
    width = span / buckets
    pages = [0.0] * buckets
    for u in units:
        last = _last_stored(u)
        if last is None or not u["pages_processed"]:
            continue
        a = max((u["started_at"] - start).total_seconds(), 0.0)
        b = min(max((last - start).total_seconds(), a), span)
        if b - a < 1e-6:  # no measurable duration: all in its slice
            pages[min(int(a / width), buckets - 1)] += u["pages_processed"]
            continue
        per_s = u["pages_processed"] / (b - a)
        for i in range(int(a / width), min(int(b / width) + 1, buckets)):
            overlap = min(b, (i + 1) * width) - max(a, i * width)
            if overlap > 0:
                pages[i] += per_s * overlap
    return {"start": start.isoformat(), "end": end.isoformat(), "bucket_s": round(width, 3),
            "pages_per_minute": [round(p / width * 60, 1) for p in pages],
            "points": [(start + timedelta(seconds=width * (i + 0.5))).isoformat() for i in range(buckets)]}


async def entries_by_language(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Entries per language and category: addressed, waiting for an address, and kept without one."""
    rows = await conn.fetch(
        """SELECT language, category, count(*) AS entries, count(address_int) AS addressed,
                  count(*) FILTER (WHERE address_int IS NULL AND unaddressed_reason IS NULL) AS pending,
                  count(*) FILTER (WHERE unaddressed_reason IS NOT NULL) AS unaddressed
           FROM aqea_entries GROUP BY language, category ORDER BY sum(count(*)) OVER (PARTITION BY language) DESC,
                 language, category NULLS LAST""")
    return [{"language": r["language"], "category": r["category"], "entries": r["entries"],
             "addressed": r["addressed"], "pending": r["pending"], "unaddressed": r["unaddressed"]} for r in rows]


async def address_space(conn: asyncpg.Connection, reg: Registry) -> dict[str, Any]:
    """One cell per (domain, category) that holds or may hold addresses: addresses handed out of its 65,280
    (``address_blocks``, which never shrinks), entries there, entries outside their subcategory's blocks
    (overflow), and, on every domain of a series, the entries its full category left without an address."""
    handed = {(r["domain"], r["category"]): int(r["n"]) for r in await conn.fetch(
        "SELECT domain, category, sum(last_element) AS n FROM address_blocks GROUP BY 1, 2")}
    held = {(r["domain"], r["category"]): (r["entries"], r["overflowed"]) for r in await conn.fetch(
        """SELECT address_int >> 24 AS domain, category, count(*) AS entries,
                  count(*) FILTER (WHERE language <> $2 AND subcategory BETWEEN 1 AND $1
                                   AND ((address_int >> 8) & 255) <> subcategory) AS overflowed
           FROM aqea_entries WHERE address_int IS NOT NULL GROUP BY 1, 2""", LAST_SEMANTIC, CONCEPT_LANGUAGE)}
    concept_overflow = await _concept_overflow(conn, reg)
    exhausted: dict[tuple[str, int], int] = {(r["language"], r["category"]): r["n"] for r in await conn.fetch(
        """SELECT language, category, count(*) AS n FROM aqea_entries
           WHERE address_int IS NULL AND unaddressed_reason LIKE $1 GROUP BY 1, 2""", EXHAUSTED)}
    languages = [r["language"] for r in await conn.fetch("SELECT DISTINCT language FROM aqea_entries")]
    domains = {d for d, _ in handed} | {d for d, _ in held}
    series = {language: reg.series(language) for language in languages}
    domains.update(s[0] for s in series.values() if s)  # a language's primary domain, even before its addresses
    exhausted_at: dict[tuple[int, int], int] = {}
    for (language, category), n in exhausted.items():
        for d in reg.series(language) or (d for d, _ in handed if d in reg.shared_domains):
            exhausted_at[(d, category)] = exhausted_at.get((d, category), 0) + n
    domains.update(d for d, _ in exhausted_at)
    categories = sorted(load_table("categories")["categories"].items(), key=lambda kv: kv[1])
    rows = []
    for d in sorted(domains):
        cells = []
        for _, category in categories:
            used = handed.get((d, category), 0)
            entries, overflowed = held.get((d, category), (0, 0))
            cells.append({"category": category, "handed_out": used, "entries": entries,
                          "overflowed": overflowed + concept_overflow.get((d, category), 0),
                          "exhausted": exhausted_at.get((d, category), 0),
                          "fullness": round(used / CATEGORY_CAPACITY, 6)})
        rows.append({"domain": f"0x{d:02X}", "kind": _kind(reg, d), "owner": _owner(reg, d), "cells": cells})
    # the rest of each series: domains no address has reached yet (room to grow), counted, not drawn
    unused = {language: [f"0x{d:02X}" for d in s if d not in domains] for language, s in sorted(series.items())}
    return {"capacity_per_cell": CATEGORY_CAPACITY,
            "categories": [{"category": q, "pos": pos} for pos, q in categories],
            "domains": rows, "unused_domains": {k: v for k, v in unused.items() if v}}


async def _concept_overflow(conn: asyncpg.Connection, reg: Registry) -> dict[tuple[int, int], int]:
    """Concepts with a lexicographer file addressed outside that file's block range, per (domain, category)."""
    if not reg.concept_domains:
        return {}
    first = reg.concept_domains[0]
    ranges = {(f.category, f.lexfile): range(f.first_block, f.first_block + f.blocks) for f in reg.concept_fields}
    out: dict[tuple[int, int], int] = {}
    for r in await conn.fetch(
            """SELECT category, subcategory, address_int >> 24 AS domain, (address_int >> 8) & 255 AS block,
                      count(*) AS n FROM aqea_entries WHERE language = $1 AND address_int IS NOT NULL
                      AND subcategory IS NOT NULL GROUP BY 1, 2, 3, 4""", CONCEPT_LANGUAGE):
        own = ranges.get((r["category"], r["subcategory"]))
        if own is not None and (r["domain"] - first) * 256 + r["block"] not in own:
            key = (r["domain"], r["category"])
            out[key] = out.get(key, 0) + r["n"]
    return out


def _kind(reg: Registry, domain: int) -> str:
    try:
        return reg.range_of(domain).kind
    except KeyError:
        return "unassigned"


def _owner(reg: Registry, domain: int) -> str:
    owner = reg.owner_of(domain)
    if owner is not None:
        return owner
    return "shared" if domain in reg.shared_domains else ""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
