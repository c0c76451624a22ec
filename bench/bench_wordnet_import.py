"""Full WordNet import benchmark: a whole WordNet → the extract-language flow → a fresh embedded PostgreSQL, then
the same again (everything must come back unchanged).

    .venv/bin/python bench/bench_wordnet_import.py                          # Princeton 3.0, /usr/share/wordnet
    .venv/bin/python bench/bench_wordnet_import.py --source wordnet-oewn \\
        --location tests/data/wordnet/oewn-lmf/english-wordnet-2025.xml.xz

Prints, for the first run: time, peak RSS of the process tree (PostgreSQL not counted; sampled every 0.2 s as
bench_pipeline.py does), records, entries new and merged as views, entries/s, links stored and resolved, links/s,
and where the time went (the run summary's ``unit_timings_s`` and ``finalize_timings_s``); for the second run:
time and the new / updated / unchanged counts (new = updated = 0 expected).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pipeline import PeakRss  # noqa: E402


async def database_counts(dsn: str, source: str) -> dict[str, int]:
    """What the source left in the database: its own entries, its views on entries of other sources, its links."""
    from aqea.store.db import connect

    conn = await connect(dsn)
    try:
        row = await conn.fetchrow(
            """SELECT (SELECT count(*) FROM aqea_entries WHERE source = $1) AS own_entries,
                      (SELECT count(*) FROM aqea_entries WHERE source = $1 AND language = 'ili') AS concepts,
                      (SELECT count(address) FROM aqea_entries WHERE source = $1) AS addressed,
                      (SELECT count(*) FROM entry_sources WHERE source = $1) AS views,
                      (SELECT count(*) FROM relations WHERE source = $1) AS links,
                      (SELECT count(to_entry) FROM relations WHERE source = $1) AS links_resolved,
                      (SELECT count(*) FROM relations WHERE source = $1 AND kind = 'concept') AS concept_links,
                      (SELECT count(to_entry) FROM relations WHERE source = $1 AND kind = 'concept')
                         AS concept_links_resolved""", source)
    finally:
        await conn.close()
    return dict(row)


def run(source: str, location: str) -> tuple[dict[str, Any], float]:
    from flows.extract import extract_language

    started = time.monotonic()
    summary = asyncio.run(extract_language(source=source, location=location))
    return summary, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="wordnet-pwn30")
    parser.add_argument("--location", default="/usr/share/wordnet")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="aqea-bench-wn-", dir="/tmp"))
    os.environ["AQEA_DATA_DIR"] = str(scratch / "data")  # the tarball cache, if a tarball is given
    if "AQEA_DATABASE_URL" not in os.environ:
        from aqea.store.embedded import start_embedded

        os.environ["AQEA_DATABASE_URL"] = start_embedded(scratch / "pgdata")
    from prefect.testing.utilities import prefect_test_harness

    try:
        with prefect_test_harness(server_startup_timeout=120):
            with PeakRss() as rss:
                first, elapsed = run(args.source, args.location)
            stored = asyncio.run(database_counts(os.environ["AQEA_DATABASE_URL"], args.source))
            second, elapsed_again = run(args.source, args.location)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    p, again = first["progress"], second["progress"]
    links_stored = stored["links"]
    figures = {
        "source": args.source, "records": p["pages"], "rejected": first["rejected_pages"],
        "new": p["new"], "entries": p["entries"], **stored,
        "elapsed_s": round(elapsed, 1), "peak_rss_mb": round(rss.peak_kb / 1024),
        **{f"peak_rss_{role}_mb": round(kb / 1024) for role, kb in rss.peak_by_role.items()},
        "entries_per_s": round(p["entries"] / elapsed), "links_per_s": round(links_stored / elapsed),
        "addresses_given": first["allocation"]["assigned"],
        "links_resolved_now": first["relations"].get("resolved_now"),
        **{f"units_{k}": v for k, v in first["unit_timings_s"].items()},
        **{f"finalize_{k}_s": v for k, v in first["finalize_timings_s"].items()},
        "rerun_elapsed_s": round(elapsed_again, 1), "rerun_records": again["pages"], "rerun_new": again["new"],
        "rerun_updated": again["updated"], "rerun_unchanged": again["unchanged"],
        "cores": os.cpu_count(), "load_avg_1m_at_end": round(os.getloadavg()[0], 2),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
