"""Read-side queries for the CLI: statistics, run summaries, progress."""

from __future__ import annotations

from typing import Any

import asyncpg


async def entry_stats(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Counts per domain/language and category/pos, with how many have an address."""
    rows = await conn.fetch(
        """SELECT coalesce(domain, '-') AS domain, language, category, pos,
                  count(*) AS entries, count(address) AS addressed
           FROM aqea_entries GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 NULLS LAST, 4"""
    )
    return [dict(r) for r in rows]


async def rejection_stats(conn: asyncpg.Connection, run_id: str | None = None) -> list[dict[str, Any]]:
    if run_id is None:
        rows = await conn.fetch(
            "SELECT reason, count(*) AS pages FROM rejected_pages GROUP BY reason ORDER BY 2 DESC, 1"
        )
    else:
        rows = await conn.fetch(
            """SELECT reason, count(*) AS pages FROM rejected_pages
               WHERE work_unit LIKE $1 || '/%' GROUP BY reason ORDER BY 2 DESC, 1""",
            run_id,
        )
    return [dict(r) for r in rows]


async def run_progress(conn: asyncpg.Connection, run_id: str) -> dict[str, Any]:
    """Totals over the run's units (used by the progress bar and summaries), and ``elapsed_s``: seconds since
    the run was recorded as started, by the database's clock — the one time base of every rate shown."""
    row = await conn.fetchrow(
        """SELECT coalesce((SELECT extract(epoch FROM coalesce(finished_at, now()) - started_at)
                            FROM extraction_runs WHERE id = $1), 0) AS elapsed_s,
                  count(*) AS units,
                  count(*) FILTER (WHERE status = 'completed') AS completed,
                  count(*) FILTER (WHERE status = 'failed') AS failed,
                  count(*) FILTER (WHERE status = 'processing') AS processing,
                  count(*) FILTER (WHERE status = 'interrupted') AS interrupted,
                  coalesce(sum(pages_processed), 0) AS pages,
                  coalesce(sum(text_bytes), 0) AS text_bytes,
                  coalesce(sum(entries_processed), 0) AS entries,
                  coalesce(sum(entries_new), 0) AS new,
                  coalesce(sum(entries_updated), 0) AS updated,
                  coalesce(sum(entries_unchanged), 0) AS unchanged,
                  coalesce(sum(rejected), 0) AS rejected,
                  coalesce(sum(coalesce(range->>'records_estimate', range->>'pages_estimate')::bigint), 0)
                      AS pages_estimate
           FROM work_units WHERE run_id = $1""",
        run_id,
    )
    return {k: float(v) if k == "elapsed_s" else int(v) for k, v in dict(row).items()}


async def unit_counts(conn: asyncpg.Connection, run_id: str) -> dict[str, Any]:
    """The run's units' counters (work_units.counts) added up: failed units count too."""
    from aqea.store.runs import add_counts

    total: dict[str, Any] = {}
    for counts in await conn.fetch("SELECT counts FROM work_units WHERE run_id = $1 ORDER BY id", run_id):
        total = add_counts(total, counts["counts"])
    return total


# A reason names its kind and then what it is about ("no domain for language da"): the summary groups by kind.
# reasons that name a specific (a POS name, a language and category) are grouped by their common start
UNADDRESSED_KINDS = ("unknown part of speech", "address space full for")


async def unaddressed_stats(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Entries in the database stored without an address, by kind of reason, with the commonest specifics."""
    rows = await conn.fetch(
        """SELECT unaddressed_reason AS reason, count(*) AS entries FROM aqea_entries
           WHERE address IS NULL AND unaddressed_reason IS NOT NULL AND deleted_at IS NULL
           GROUP BY 1 ORDER BY 2 DESC, 1"""
    )
    kinds: dict[str, dict[str, Any]] = {}
    for r in rows:
        kind = next((k for k in UNADDRESSED_KINDS if r["reason"].startswith(k + " ")), r["reason"])
        item = kinds.setdefault(kind, {"reason": kind, "entries": 0, "top": [], "specifics": 0})
        item["entries"] += int(r["entries"])
        if kind != r["reason"]:
            item["specifics"] += 1  # e.g. how many languages without a domain
            if len(item["top"]) < 5:
                item["top"].append((r["reason"][len(kind) + 1:], int(r["entries"])))
    return sorted(kinds.values(), key=lambda k: (-k["entries"], k["reason"]))


async def failed_units(conn: asyncpg.Connection, run_id: str) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT unit_key, error FROM work_units WHERE run_id = $1 AND status <> 'completed' ORDER BY unit_key",
        run_id,
    )
    return [dict(r) for r in rows]


ENTRY_COLUMNS = """id, address, label, description, domain, language, lemma, pos, homograph, category,
                   subcategory, meta, source, record_key, record_version, unaddressed_reason, created_at, updated_at,
                   deleted_at,
                   (SELECT l.licence FROM source_licences l WHERE l.edition = aqea_entries.source) AS licence,
                   (SELECT l.attribution FROM source_licences l WHERE l.edition = aqea_entries.source) AS attribution"""


def _entry(row: asyncpg.Record) -> dict[str, Any]:
    """An entry as the CLI shows it; ``deleted``: its page no longer gives it (kept, with ``deleted_at``)."""
    return {**dict(row), "deleted": row["deleted_at"] is not None}


async def entry_by_address(conn: asyncpg.Connection, address_int: int) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"SELECT {ENTRY_COLUMNS} FROM aqea_entries WHERE address_int = $1", address_int)
    return _entry(row) if row else None


async def concept_by_ili(conn: asyncpg.Connection, ili: str) -> dict[str, Any] | None:
    """The concept entry of an interlingual-index id (``i115069``): language ``ili``, lemma the id."""
    row = await conn.fetchrow(
        f"SELECT {ENTRY_COLUMNS} FROM aqea_entries WHERE lemma = $1 AND language = 'ili' ORDER BY homograph LIMIT 1",
        ili)
    return _entry(row) if row else None


async def entries_by_lemma(conn: asyncpg.Connection, lemma: str, language: str | None = None,
                           pos: str | None = None) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        f"""SELECT {ENTRY_COLUMNS} FROM aqea_entries
            WHERE lemma = $1 AND ($2::text IS NULL OR language = $2) AND ($3::text IS NULL OR pos = $3)
            ORDER BY language, category NULLS LAST, pos, homograph""",
        lemma, language, pos,
    )
    return [_entry(r) for r in rows]
