"""Allocation benchmark at full-edition scale: synthetic keys, the real allocator, a real PostgreSQL.

Stores pending entries straight into ``aqea_entries`` with COPY (no parsing), then times ``allocate_pending``:
- German and English nouns (default 400,000 and 500,000), subcategories drawn with the shares measured on the
  real German sample (most general), frequencies for one in five;
- ILI concepts: 117,659 by default, per WordNet lexicographer file exactly as many as Princeton WordNet 3.0 has
  (``taxonomy/concept_blocks.json``);
- small languages: 1,000 ISO 639-3 codes from PanLex's language-variety table (../shared/data/panlex), each with
  50-800 entries over nouns, verbs and adjectives.
Checks 100 % addressed and 0 collisions, and prints entries/s and the peak memory of this process. Run:

    .venv/bin/python bench/bench_allocate.py            # embedded PostgreSQL in a temp dir
    AQEA_DATABASE_URL=postgresql://… .venv/bin/python bench/bench_allocate.py --de-nouns 100000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import tempfile
import time
from collections import Counter
from pathlib import Path

from aqea.store.allocate import allocate_pending
from aqea.store.db import connect, create_pool
from aqea.store.migrate import migrate
from aqea.taxonomy.registry import CONCEPT_LANGUAGE, registry

PANLEX_LANGVAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "panlex" / "langvar.json"
# EE shares of German nouns in the real sample (aqea db stats on tests/data/dewiktionary-sample.xml.bz2): about
# three quarters without a subcategory, the rest spread over the semantic ones.
SEMANTIC_SHARE = 0.25
COLUMNS = ["label", "description", "language", "lemma", "pos", "homograph", "category", "subcategory", "meta",
           "content_hash", "source"]


def lexical_rows(language: str, category: int, n: int, rnd: random.Random) -> list[tuple]:
    rows = []
    for i in range(n):
        subcategory = rnd.randint(1, 0x19) if rnd.random() < SEMANTIC_SHARE else 0
        frequency = round(rnd.uniform(1, 7), 2) if rnd.random() < 0.2 else None
        lemma = f"{language}{category}w{i:07d}"
        rows.append((lemma, "", language, lemma, "noun", 1, category, subcategory, {"frequency": frequency},
                     "", "bench"))
    return rows


def concept_rows(total: int) -> list[tuple]:
    fields = registry().concept_fields
    counts = _field_counts()
    scale = total / sum(counts.values())
    rows = []
    for f in fields:
        for i in range(round(counts[f.lexfile] * scale)):
            ili = f"i{f.lexfile:02d}{i:06d}"
            rows.append((ili, "", CONCEPT_LANGUAGE, ili, "concept", 1, f.category, f.lexfile, {"frequency": None},
                         "", "bench"))
    return rows


def _field_counts() -> Counter[int]:
    table = json.loads((Path(__file__).resolve().parents[1] / "src" / "aqea" / "taxonomy" /
                        "concept_blocks.json").read_text())
    return Counter({f["lexfile"]: f["synsets_pwn30"] for f in table["fields"]})


def small_language_rows(n_languages: int, rnd: random.Random) -> list[tuple]:
    own = set(registry().primary)
    codes = sorted({v["lang_code"] for v in json.loads(PANLEX_LANGVAR.read_text())} - own - {"eng", "deu"})
    rows = []
    for code in codes[:n_languages]:
        for i in range(rnd.randint(50, 800)):
            category = rnd.choice((1, 1, 1, 2, 3))
            lemma = f"{code}w{i:05d}"
            rows.append((lemma, "", code, lemma, "noun", 1, category, 0, {"frequency": None}, "", "bench"))
    return rows


async def run(dsn: str, args: argparse.Namespace) -> None:
    rnd = random.Random(42)
    conn = await connect(dsn)
    await migrate(conn)
    await conn.execute("TRUNCATE aqea_entries, address_blocks, language_slots RESTART IDENTITY CASCADE")
    groups = {
        "German nouns": lexical_rows("de", 1, args.de_nouns, rnd),
        "English nouns": lexical_rows("en", 1, args.en_nouns, rnd),
        "concepts": concept_rows(args.concepts),
        "small languages": small_language_rows(args.languages, rnd),
    }
    total = sum(len(rows) for rows in groups.values())
    started = time.perf_counter()
    for rows in groups.values():
        await conn.copy_records_to_table("aqea_entries", records=rows, columns=COLUMNS)
    await conn.execute("ANALYZE aqea_entries")
    print(f"stored {total:,} pending entries in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{k} {len(v):,}" for k, v in groups.items()))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    pool = await create_pool(dsn, 2 * args.parallel)  # as the flow's pool: lock holders and workers
    report = await allocate_pending(pool, parallel=args.parallel)
    await pool.close()
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    check = await conn.fetchrow("""SELECT count(*) AS entries, count(address) AS addressed,
                                          count(DISTINCT address_int) AS distinct_addresses FROM aqea_entries""")
    per_series = semantic_report(await conn.fetch(
        "SELECT language, category, subcategory, address_int FROM aqea_entries WHERE address_int IS NOT NULL"))
    slots = await conn.fetchval("SELECT count(*) FROM language_slots")
    await conn.close()
    print(f"allocated {report.assigned:,} of {check['entries']:,} in {elapsed:.1f} s: "
          f"{report.assigned / elapsed:,.0f} entries/s; exhausted {report.exhausted:,}; "
          f"addressed {100 * check['addressed'] / check['entries']:.2f} %; "
          f"collisions {check['addressed'] - check['distinct_addresses']}; shared-domain slots {slots:,}; "
          f"{args.parallel} at once")
    print(f"peak RSS of the allocating process: {rss_after / 1024:,.0f} MB "
          f"(before allocating {rss_before / 1024:,.0f} MB)")
    for series, (n, domains, with_subcategory, semantic) in per_series.items():
        print(f"  {series:>5}: {n:>9,} entries in {len(domains)} domain(s); with a subcategory "
              f"{with_subcategory:,}, of which the address carries it {semantic:,} "
              f"({100 * semantic / max(1, with_subcategory):.1f} %)")


def semantic_report(rows: list) -> dict[str, tuple[int, set[int], int, int]]:
    """Per series: entries, domains used, entries with a subcategory, and those whose (AA, EE) carries it."""
    reg = registry()
    ranges = {(f.category, f.lexfile): range(f.first_block, f.first_block + f.blocks) for f in reg.concept_fields}
    first_concept = reg.concept_domains[0]
    out: dict[str, list] = {}
    for r in rows:
        series = r["language"] if r["language"] in ("de", "en", CONCEPT_LANGUAGE) else "small"
        item = out.setdefault(series, [0, set(), 0, 0])
        aa, ee = r["address_int"] >> 24, (r["address_int"] >> 8) & 255
        item[0] += 1
        item[1].add(aa)
        if series == CONCEPT_LANGUAGE:
            item[2] += 1
            item[3] += ((aa - first_concept) * 256 + ee) in ranges.get((r["category"], r["subcategory"]), ())
        elif series != "small" and r["subcategory"]:
            item[2] += 1
            item[3] += ee == r["subcategory"]
    return {k: tuple(v) for k, v in sorted(out.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--de-nouns", type=int, default=400_000)
    parser.add_argument("--en-nouns", type=int, default=500_000)
    parser.add_argument("--concepts", type=int, default=117_659)
    parser.add_argument("--languages", type=int, default=1_000)
    parser.add_argument("--parallel", type=int, default=os.cpu_count() or 1,
                        help="categories allocated at once, one connection each (default: cores, as the flow does)")
    args = parser.parse_args()
    dsn = os.environ.get("AQEA_DATABASE_URL")
    if dsn:
        asyncio.run(run(dsn, args))
        return
    import pgserver

    with tempfile.TemporaryDirectory(prefix="aqea-bench-", dir="/tmp") as tmp:
        server = pgserver.get_server(Path(tmp) / "pg", cleanup_mode="stop")
        try:
            asyncio.run(run(server.get_uri(), args))
        finally:
            server.cleanup()


if __name__ == "__main__":
    main()
