"""ConceptNet import benchmark: the real release-format rows (tests/data/conceptnet/assertions.csv) replicated
×N with every node's text varied per copy (``test`` → ``test v7``: distinct words, distinct rows), through the
extract-language flow into a fresh embedded PostgreSQL, at two sizes.

    .venv/bin/python bench/bench_conceptnet.py --copies 50 500

Prints per size: rows, time, rows/s, links/s, peak RSS of the process tree (PostgreSQL not counted; sampled every
0.2 s as bench_pipeline.py does), links new / restated, resolved / unresolved, words created / merged, and the
34 M-edge release extrapolated from the measured rates only.
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

REAL = ROOT / "tests" / "data" / "conceptnet" / "assertions.csv"
FULL_RELEASE_EDGES = 34_074_917  # conceptnet-assertions-5.7.0.csv.gz, as the ConceptNet wiki counts it


def _varied(node: str, copy: int) -> str:
    """``/c/en/test/n/wn/act`` → ``/c/en/test_v7/n/wn/act`` (copy 0: unchanged); URLs stay as they are."""
    if copy == 0 or not node.startswith("/c/"):
        return node
    parts = node.split("/")
    parts[3] = f"{parts[3]}_v{copy}"
    return "/".join(parts)


def replicate(copies: int, out: Path) -> int:
    rows = REAL.read_text(encoding="utf-8").splitlines()
    with out.open("w", encoding="utf-8") as fh:
        for copy in range(copies):
            for row in rows:
                _, relation, start, end, meta = row.split("\t")
                start, end = _varied(start, copy), _varied(end, copy)
                fh.write(f"/a/[{relation}/,{start}/,{end}/]\t{relation}\t{start}\t{end}\t{meta}\n")
    return copies * len(rows)


async def stored_counts(dsn: str) -> dict[str, int]:
    from aqea.store.db import connect

    conn = await connect(dsn)
    try:
        row = await conn.fetchrow(
            """SELECT (SELECT count(*) FROM aqea_entries WHERE source = 'conceptnet') AS words_created,
                      (SELECT count(*) FROM link_sources) AS statements,
                      (SELECT count(*) FROM relations WHERE source = 'conceptnet') AS links,
                      (SELECT count(to_entry) FROM relations WHERE source = 'conceptnet') AS links_resolved,
                      (SELECT count(*) FROM rejected_pages) AS rejected,
                      (SELECT count(*) FROM (SELECT DISTINCT from_entry, kind, target_language, target_lemma
                                             FROM link_sources s WHERE NOT EXISTS (
                                                 SELECT 1 FROM relations r WHERE r.source = 'conceptnet'
                                                 AND (r.from_entry, r.kind, r.target_language, r.target_lemma)
                                                   = (s.from_entry, s.kind, s.target_language, s.target_lemma))
                                             ) held) AS links_restated,
                      (SELECT count(*) FROM entry_sources WHERE source = 'conceptnet') AS views""")
    finally:
        await conn.close()
    return dict(row)


def measure(copies: int, scratch: Path) -> dict[str, Any]:
    from flows.extract import extract_language

    data = scratch / f"assertions-x{copies}.csv"
    rows = replicate(copies, data)
    with PeakRss() as rss:
        started = time.monotonic()
        summary = asyncio.run(extract_language(source="conceptnet", location=str(data)))
        elapsed = time.monotonic() - started
    stored = asyncio.run(stored_counts(os.environ["AQEA_DATABASE_URL"]))
    p = summary["progress"]
    return {
        "copies": copies, "rows": rows, "bytes": data.stat().st_size, "records": p["pages"],
        "elapsed_s": round(elapsed, 1), "rows_per_s": round(rows / elapsed),
        "links_per_s": round(stored["links"] / elapsed), "statements_per_s": round(stored["statements"] / elapsed),
        "peak_rss_mb": round(rss.peak_kb / 1024),
        **{f"peak_rss_{role}_mb": round(kb / 1024) for role, kb in rss.peak_by_role.items()},
        **stored, "links_unresolved": stored["links"] - stored["links_resolved"],
        "cores": os.cpu_count(), "load_avg_1m_at_end": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    print("command:", " ".join([".venv/bin/python", *sys.argv]))
    results = []
    for copies in args.copies:
        scratch = Path(tempfile.mkdtemp(prefix="aqea-bench-cn-", dir="/tmp"))
        os.environ["AQEA_DATA_DIR"] = str(scratch / "data")
        from aqea.store.embedded import start_embedded

        os.environ["AQEA_DATABASE_URL"] = start_embedded(scratch / "pgdata")  # a fresh database per size
        from prefect.testing.utilities import prefect_test_harness

        try:
            with prefect_test_harness(server_startup_timeout=120):
                results.append(measure(copies, scratch))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        figures = results[-1]
        print(json.dumps(figures) if args.json else "\n".join(f"{k:>24}: {v}" for k, v in figures.items()))
    slowest = min(r["rows_per_s"] for r in results)
    print(f"extrapolated, from the slowest measured rate ({slowest:,} rows/s on this machine): "
          f"{FULL_RELEASE_EDGES:,} edges ≈ {FULL_RELEASE_EDGES / slowest / 3600:.1f} h")


if __name__ == "__main__":
    main()
