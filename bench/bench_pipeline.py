"""End-to-end benchmark: multistream dump of replicated real pages → full Prefect pipeline → PostgreSQL.

    .venv/bin/python bench/bench_pipeline.py --pages 100000

Builds (and caches under bench/out/) a Wikimedia-style multistream dump whose pages are the real German
sample pages replicated with unique titles (the heading lemma is renamed with the title, so every copy is a
distinct entry), runs the extract-language flow against a fresh embedded PostgreSQL (or $AQEA_DATABASE_URL)
and prints pages/s, MB/s of page text, entries/s and the peak RSS of the process tree and of each role
(main process, parser processes, Prefect's temporary API server), sampled every 0.2 s. PostgreSQL is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aqea.sources.multistream import siteinfo_xml_of, write_multistream  # noqa: E402
from tests.samples import replicated_pages  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "dewiktionary-sample.xml.bz2"




def build_dump(n: int) -> Path:
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench{n}-multistream.xml.bz2"
    if not path.exists():
        started = time.monotonic()
        tmp = path.with_suffix(".partial")
        written = write_multistream(replicated_pages(n), tmp, index_path=out / f"bench{n}-multistream-index.txt.bz2",
                                    siteinfo_xml=siteinfo_xml_of(SAMPLE))
        tmp.rename(path)
        print(f"built {path.name}: {written:,} pages in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return path


def _rss_by_role(pid: int) -> dict[str, int]:
    """RSS (kB) of this process and its descendants from /proc, summed by role."""
    roles = {"main": 0, "parsers": 0, "prefect_server": 0, "other": 0}
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ")
            with open(f"/proc/{p}/status") as fh:
                rss = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
        role = ("main" if p == pid else "parsers" if b"multiprocessing" in cmd
                else "prefect_server" if b"uvicorn" in cmd or b"prefect" in cmd else "other")
        roles[role] += rss
    return roles


class PeakRss:
    """Samples every 0.2 s: peak of the whole tree and peak of each role."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self.peak_by_role: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            roles = _rss_by_role(os.getpid())
            self.peak_kb = max(self.peak_kb, sum(roles.values()))
            for role, kb in roles.items():
                self.peak_by_role[role] = max(self.peak_by_role.get(role, 0), kb)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def german_addressing(dsn: str) -> dict[str, int]:
    """German entries of the run: how many, how many addressed, and what the rest are (address space v2:
    inflected forms are carried by their lemma, so they have no address of their own)."""
    from aqea.store.db import connect

    conn = await connect(dsn)
    try:
        row = await conn.fetchrow(
            """SELECT count(*) AS de_entries, count(address) AS de_addressed,
                      count(*) FILTER (WHERE pos <> 'inflected_form') AS de_lemma_entries,
                      count(address) FILTER (WHERE pos <> 'inflected_form') AS de_lemma_addressed,
                      count(*) FILTER (WHERE pos = 'noun') AS de_nouns,
                      count(DISTINCT address_int >> 24) FILTER (WHERE address_int IS NOT NULL) AS de_domains,
                      count(*) FILTER (WHERE address IS NULL AND pos <> 'inflected_form') AS de_lemmas_unaddressed
               FROM aqea_entries WHERE language = 'de'""")
    finally:
        await conn.close()
    return dict(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None, help="parser processes (default: cores)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.workers:
        os.environ["AQEA_PARSE_WORKERS"] = str(args.workers)

    dump = build_dump(args.pages)
    scratch = Path(tempfile.mkdtemp(prefix="aqea-bench-", dir="/tmp"))
    if "AQEA_DATABASE_URL" not in os.environ:
        from aqea.store.embedded import start_embedded

        os.environ["AQEA_DATABASE_URL"] = start_embedded(scratch / "pgdata")
    from prefect.testing.utilities import prefect_test_harness

    from flows.extract import extract_language

    try:
        with prefect_test_harness(server_startup_timeout=120), PeakRss() as rss:
            started = time.monotonic()
            summary = asyncio.run(extract_language(dump=str(dump), units=args.units))
            elapsed = time.monotonic() - started
        addressing = asyncio.run(german_addressing(os.environ["AQEA_DATABASE_URL"]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    p = summary["progress"]
    figures = {
        "pages": p["pages"], "entries": p["entries"], "rejected": p["rejected"], "units": p["units"],
        "text_mb": round(p["text_bytes"] / 1e6, 2), "elapsed_s": round(elapsed, 1),
        "pages_per_s": round(p["pages"] / elapsed), "text_mb_per_s": round(p["text_bytes"] / 1e6 / elapsed, 2),
        "entries_per_s": round(p["entries"] / elapsed), "peak_rss_mb": round(rss.peak_kb / 1024),
        **{f"peak_rss_{role}_mb": round(kb / 1024) for role, kb in rss.peak_by_role.items()},
        "cores": os.cpu_count(), "load_avg_1m_at_end": round(os.getloadavg()[0], 2),
        "relations": summary["relations"]["relations"],
        "allocation_s": summary["finalize_timings_s"]["allocation"],
        "allocation_share_pct": round(100 * summary["finalize_timings_s"]["allocation"] / elapsed, 1),
        **addressing,
        **{f"units_{k}": v for k, v in summary["unit_timings_s"].items()},
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>14}: {value}")


if __name__ == "__main__":
    main()
