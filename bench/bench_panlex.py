"""PanLex import speed and memory at two input sizes (replicated real rows), into a real embedded PostgreSQL.

    .venv/bin/python bench/bench_panlex.py                       # sizes 1 and 4, the real zho_eng lexicon
    .venv/bin/python bench/bench_panlex.py --sizes 2 8 --no-sample

For each size, in its own process (peak RSS is per process) and its own fresh database: the English
Wiktionary sample first (so that English expressions can attach to typed entries), then the real
``zho_eng_lexicon.txt`` replicated N times (copy k > 0 marks both texts with ``·k``: new expressions, the same
shape of rows) through the ``panlex`` source, Prefect-free (``aqea.unit_run``, one parser process, as the tests
do). Reports records/s and links/s of the PanLex run (read + parse + store), allocation and link resolution,
links resolved vs unresolved, entries attached (views) vs created, and peak RSS of the main process (it reads
and sorts the lexicon: ``peak_rss_mb``) and of the parser process (``parser_peak_rss_mb``, asked of it at the end);
``--no-sample`` leaves the Wiktionary sample out of the main process's peak. Then extrapolates to the full
PanLex (~25 M expressions) from the measured rates only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import lzma
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
FULL_EXPRESSIONS = 25_000_000


LEXICON = ROOT / "tests" / "data" / "panlex-full" / "zho_eng_lexicon.txt"  # the real lexicon (tests/data/README.md)


def replicate(source: Path, copies: int, out_dir: Path) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()
    out = out_dir / "zho_eng_lexicon.txt"
    with out.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            mark = "" if k == 0 else f"·{k}"
            for line in lines:
                zh, _, en = line.partition("\t")
                fh.write(f"{zh}{mark}\t{en}{mark}\n")
    table = source.parent / "langvar.json"
    if table.is_file():
        shutil.copy(table, out_dir / "langvar.json")
    else:  # tests/data/panlex-full holds it xz-compressed
        (out_dir / "langvar.json").write_bytes(lzma.decompress((source.parent / "langvar.json.xz").read_bytes()))
    return out


async def extract(source: str, location: str, run_id: str, pool: Any, conn: Any, executor: Any) -> dict[str, int]:
    from aqea.settings import Settings
    from aqea.sources import registry
    from aqea.sources.base import PlanRequest, ReadContext
    from aqea.store.runs import register_units, start_run, store_batch, unit_row_id
    from aqea.unit_run import StoreRequest, run_unit

    settings = Settings().with_overrides(batch_pages=400, parse_workers=1)
    src = registry.load_source(source)
    plan = await src.plan(PlanRequest(location=location), settings)
    await start_run(conn, run_id, source=plan.edition, language=plan.language, dump=plan.origin, flow_run_id=None,
                    units=len(plan.units))
    await register_units(conn, run_id, [(u.unit_id, u.model_dump(mode="json")) for u in plan.units],
                         source=plan.edition, language=plan.language)
    totals = {"pages": 0, "new": 0}
    for unit in plan.units:
        row = unit_row_id(run_id, unit.unit_id)

        async def store(request: StoreRequest, unit: Any = unit, row: str = row) -> dict[str, int]:
            async with pool.acquire() as c:
                s = await store_batch(
                    c, unit_row=row, source=unit.edition, entries=request.outcome.entries,
                    rejections=request.outcome.rejections, pages=request.outcome.pages,
                    text_bytes=request.outcome.text_bytes, provenance={}, record_keys=request.outcome.record_keys,
                    unchanged_pages_entries=request.unchanged_entries, checkpoint_key=request.checkpoint_label,
                    pages_before=request.records_before)
            return {"pages": s.pages, "new": s.new, "updated": s.updated, "unchanged": s.unchanged, "db_ms": 0}

        summary = await run_unit(src, unit, pool=pool, settings=settings, row=row, attempt=None, executor=executor,
                                 store=store, context=ReadContext(settings))
        for key in totals:
            totals[key] += summary.get(key, 0)
    return totals


async def one(copies: int, sample: bool) -> dict[str, Any]:
    from aqea.pipeline import parser_process_init
    from aqea.store.allocate import allocate_pending
    from aqea.store.db import connect, create_pool
    from aqea.store.embedded import start_embedded
    from aqea.store.migrate import migrate
    from aqea.store.relations import resolve_relations

    work = Path(tempfile.mkdtemp(prefix="aqea-bench-panlex-", dir="/tmp"))
    try:
        dsn = start_embedded(work / "pg")
        conn = await connect(dsn)
        await migrate(conn)
        pool = await create_pool(dsn, 2)
        executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=parser_process_init)
        try:
            if sample:
                await extract("wiktionary-dump", str(ROOT / "tests/data/enwiktionary-sample.xml.bz2"), "en", pool, conn,
                              executor)
                await allocate_pending(conn)
            lexicon = replicate(LEXICON, copies, work)
            start = time.perf_counter()
            totals = await extract("panlex", str(lexicon), "panlex", pool, conn, executor)
            stored_s = time.perf_counter() - start
            start = time.perf_counter()
            await allocate_pending(conn)
            allocate_s = time.perf_counter() - start
            start = time.perf_counter()
            await resolve_relations(conn)
            resolve_s = time.perf_counter() - start
            q = "SELECT count(*) FROM {} WHERE source = 'panlex-lexicon'"
            links = await conn.fetchval(q.format("relations"))
            resolved = await conn.fetchval(q.format("relations") + " AND to_entry IS NOT NULL")
            parser_rss = executor.submit(resource.getrusage, resource.RUSAGE_SELF).result().ru_maxrss
            return {
                "copies": copies, "pairs": sum(1 for _ in lexicon.open(encoding="utf-8")), "records": totals["pages"],
                "created": await conn.fetchval(q.format("aqea_entries")),
                "attached": await conn.fetchval(q.format("entry_sources")),
                "links": links, "resolved": resolved, "unresolved": links - resolved,
                "store_s": round(stored_s, 2), "allocate_s": round(allocate_s, 2), "resolve_s": round(resolve_s, 2),
                "records_per_s": round(totals["pages"] / stored_s), "links_per_s": round(links / stored_s),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "parser_peak_rss_mb": round(parser_rss / 1024),
            }
        finally:
            executor.shutdown()
            await pool.close()
            await conn.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1, 4], help="replication factors (default 1 4)")
    parser.add_argument("--no-sample", action="store_true", help="without the English Wiktionary sample first")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(asyncio.run(one(args.one, not args.no_sample))))
        return
    results = []
    for copies in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(copies), *(["--no-sample"] if args.no_sample else [])]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(results[-1]))
    big = results[-1]
    per_record = big["store_s"] / big["records"]
    print(f"extrapolated from the measured {big['records_per_s']} records/s ({big['records']} records): "
          f"{FULL_EXPRESSIONS:,} expressions ≈ {FULL_EXPRESSIONS * per_record / 3600:.1f} h of storing here; "
          f"links at {big['links_per_s']} links/s")


if __name__ == "__main__":
    main()
