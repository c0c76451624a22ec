"""Export and import speed and memory at two database sizes (docs/export.md, "Speed and memory").

    .venv/bin/python bench/bench_export.py --copies 1 10

For each size: a fresh database on an embedded PostgreSQL (or $AQEA_DATABASE_URL's server) is filled with the
real German and English sample pages, ``--copies`` k times each (copy k of a page renamed "<title> k", as
bench/bench_pipeline.py does: tests/samples.py), parsed, addressed and linked as an extraction does; then each
export format and the import of the JSONL export into an empty database run in a fresh Python process of their
own, which reports its rows/s (entries), its RSS before the step and its peak RSS during it (sampled every
0.05 s from /proc; PostgreSQL's memory is not counted). Flat
memory: the peak does not grow with the size of the database.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aqea.exports import export_database  # noqa: E402
from aqea.exports.importer import import_export  # noqa: E402
from aqea.pipeline import process_pages  # noqa: E402
from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.sources.registry import licence_of, load_source  # noqa: E402
from aqea.store.allocate import allocate_pending  # noqa: E402
from aqea.store.db import connect  # noqa: E402
from aqea.store.migrate import migrate  # noqa: E402
from aqea.store.relations import resolve_relations  # noqa: E402
from aqea.store.runs import record_licences  # noqa: E402
from aqea.store.upsert import upsert_entries  # noqa: E402
from tests.export_data import create_database  # noqa: E402
from tests.samples import DE_DUMP, EN_DUMP, replicated_pages  # noqa: E402


async def fill(dsn: str, copies: int) -> None:
    source = load_source("wiktionary-dump")
    conn = await connect(dsn)
    try:
        await migrate(conn)
        await record_licences(conn, [(e, "wiktionary-dump", *licence_of(source, e))
                                     for e in ("dewiktionary", "enwiktionary")])
        for dump, edition in ((DE_DUMP, "dewiktionary"), (EN_DUMP, "enwiktionary")):
            originals = sum(1 for p in iter_pages(dump) if p.namespace == 0 and p.redirect is None)
            pages = replicated_pages(originals * copies, dump)
            while chunk := list(itertools.islice(pages, 500)):
                outcome = process_pages(chunk, edition)
                async with conn.transaction():
                    await upsert_entries(conn, outcome.entries, source=edition)
        await allocate_pending(conn)
        await resolve_relations(conn)
    finally:
        await conn.close()


def rss_kb() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))


class PeakRss:
    """This process's resident memory, sampled every 0.05 s while the step runs."""

    def __init__(self) -> None:
        self.before_kb = self.peak_kb = rss_kb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak_kb = max(self.peak_kb, rss_kb())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def step(dsn: str, what: str, path: Path) -> dict[str, float]:
    """One export or import in this process: its time, the RSS before it and the peak RSS while it ran."""
    conn = await connect(dsn)
    try:
        if what == "import":
            await migrate(conn)
        with PeakRss() as rss:
            t0 = time.monotonic()
            if what == "import":
                done = (await import_export(conn, path)).entries
            else:
                done = (await export_database(conn, path, what)).entries  # type: ignore[arg-type]
            seconds = time.monotonic() - t0
    finally:
        await conn.close()
    return {"entries": done, "seconds": seconds, "rss_before_mb": rss.before_kb / 1024,
            "peak_rss_mb": rss.peak_kb / 1024}


def run_step(dsn: str, what: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--step", what, "--dsn", dsn, "--path", str(path)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


async def measure(server: str, copies: int, workdir: Path) -> list[dict]:
    source_dsn = await create_database(server)
    started = time.monotonic()
    await fill(source_dsn, copies)
    conn = await connect(source_dsn)
    entries = await conn.fetchval("SELECT count(*) FROM aqea_entries")
    links = await conn.fetchval("SELECT count(*) FROM relations")
    await conn.close()
    print(f"copies {copies}: {entries:,} entries, {links:,} links (filled in {time.monotonic() - started:.0f} s)",
          file=sys.stderr)
    results = []
    for what in ("jsonl", "csv", "ttl", "import"):
        path = workdir / f"export-{copies}.{'jsonl' if what == 'import' else what}"
        dsn = await create_database(server) if what == "import" else source_dsn
        r = run_step(dsn, what, path)
        assert r["entries"] == entries, (what, r, entries)
        results.append({"copies": copies, "entries": entries, "links": links,
                        "step": "import jsonl" if what == "import" else f"export {what}", **r,
                        "file_mb": path.stat().st_size / 1e6})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10], help="copies of the two samples per size")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--dsn", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # a measured step, in a process of its own
        print(json.dumps(asyncio.run(step(args.dsn, args.step, args.path))))
        return
    server = os.environ.get("AQEA_DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="aqea-bench-export-", dir="/tmp") as tmp:
        pg = None
        if server is None:
            import pgserver

            pg = pgserver.get_server(Path(tmp) / "pg", cleanup_mode="stop")
            server = pg.get_uri()
        rows = []
        for copies in args.copies:
            rows += asyncio.run(measure(server, copies, Path(tmp)))
        print(f"{'copies':>6} {'entries':>9} {'links':>10} {'step':<13} {'s':>7} {'entries/s':>10} "
              f"{'RSS before MB':>13} {'peak RSS MB':>11} {'file MB':>8}")
        for r in rows:
            print(f"{r['copies']:>6} {r['entries']:>9,} {r['links']:>10,} {r['step']:<13} {r['seconds']:>7.1f} "
                  f"{r['entries'] / r['seconds']:>10,.0f} {r['rss_before_mb']:>13.0f} {r['peak_rss_mb']:>11.0f} "
                  f"{r['file_mb']:>8.1f}")
        if pg is not None:
            pg.cleanup()


if __name__ == "__main__":
    main()
