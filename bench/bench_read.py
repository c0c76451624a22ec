"""Read-speed benchmark for the dump source.

Builds a multistream dump by replicating the real de + en sample pages (titles made unique
with " (copy N)", ids offset per copy), then reads it:

  * bz2 only      - decompression alone (the floor for everything else)
  * plain xml     - the same XML uncompressed: lxml parsing + Page building alone
  * whole         - iter_pages() on the multistream file
  * units (seq)   - plan_units() + iter_unit_pages() one unit after another
  * units (par)   - the same units in a process pool, one process per core

and prints pages/s, MB/s of page text, MB/s of decompressed XML and peak RSS.

    .venv/bin/python bench/bench_read.py --pages 50000
"""

from __future__ import annotations

import argparse
import bz2
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.samples when run from anywhere

from aqea.model import Page  # noqa: E402
from aqea.sources.dump import (  # noqa: E402
    _Cursor,
    _raw_chunks,
    iter_pages,
    iter_unit_pages,
    plan_units,
)
from aqea.sources.multistream import siteinfo_xml_of, write_multistream  # noqa: E402
from tests.samples import DE_DUMP, EN_DUMP  # noqa: E402

MB = 1e6


def replicated(base: list[Page], total: int) -> Iterator[Page]:
    """``total`` pages: the base pages again and again, each copy with unique titles and ids."""
    id_step = max(p.page_id for p in base) + 1
    rev_step = max(p.revision_id for p in base) + 1
    for n in range(total):
        copy, page = divmod(n, len(base))
        original = base[page]
        if copy == 0:
            yield original
        else:
            yield replace(
                original,
                title=f"{original.title} (copy {copy})",
                page_id=original.page_id + copy * id_step,
                revision_id=original.revision_id + copy * rev_step,
            )


def build(path: Path, pages: int) -> None:
    base = sorted([*iter_pages(DE_DUMP), *iter_pages(EN_DUMP)], key=lambda p: p.page_id)
    t = time.perf_counter()
    written = write_multistream(replicated(base, pages), path, siteinfo_xml=siteinfo_xml_of(EN_DUMP))
    print(f"built {path.name}: {written:,} pages, {path.stat().st_size / MB:.1f} MB compressed "
          f"in {time.perf_counter() - t:.1f} s")


def count(pages: Iterator[Page]) -> tuple[int, int]:
    n = text = 0
    for page in pages:
        n += 1
        text += page.text_bytes
    return n, text


def read_unit(unit_dict: dict) -> tuple[int, int, int]:
    from aqea.sources.dump import DumpUnit

    n, text = count(iter_unit_pages(DumpUnit.from_dict(unit_dict)))
    return n, text, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(label: str, seconds: float, pages: int, text: int, xml: int, extra: str = "") -> None:
    print(f"{label:<14} {seconds:7.2f} s  {pages / seconds:9,.0f} pages/s  {text / MB / seconds:6.1f} MB/s text"
          f"  {xml / MB / seconds:6.1f} MB/s xml{extra}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=50_000)
    ap.add_argument("--units", type=int, default=None, help="units to plan (default: plan_units' default)")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "aqea-bench-read")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the dump even if it exists")
    args = ap.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    dump = args.workdir / f"benchwiktionary-{args.pages}-pages-articles-multistream.xml.bz2"
    if args.rebuild or not dump.exists():
        build(dump, args.pages)
    compressed = dump.stat().st_size
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # bz2 alone
    t = time.perf_counter()
    xml_bytes = 0
    plain = args.workdir / (dump.name.removesuffix(".bz2"))
    with open(dump, "rb") as fh, open(plain, "wb") as out:
        cursor = _Cursor(path=dump, size=compressed)
        for chunk in _raw_chunks(fh, "bz2", 0, compressed, cursor):
            xml_bytes += len(chunk)
            out.write(chunk)
    bz2_s = time.perf_counter() - t
    print(f"dump: {compressed / MB:.1f} MB compressed, {xml_bytes / MB:.1f} MB xml, cores: {os.cpu_count()}")
    print(f"{'bz2 only':<14} {bz2_s:7.2f} s  {xml_bytes / MB / bz2_s:6.1f} MB/s xml  "
          f"{compressed / MB / bz2_s:5.1f} MB/s compressed")

    t = time.perf_counter()
    n, text = count(iter_pages(plain))
    report("plain xml", time.perf_counter() - t, n, text, xml_bytes)
    plain.unlink()

    t = time.perf_counter()
    n, text = count(iter_pages(dump))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report("whole", time.perf_counter() - t, n, text, xml_bytes, f"  peak RSS {rss / 1024:.0f} MB "
           f"(+{(rss - rss0) / 1024:.0f} MB)")

    units = plan_units(dump, args.units)
    t = time.perf_counter()
    totals = [count(iter_unit_pages(u)) for u in units]
    seq_s = time.perf_counter() - t
    n_units = sum(p for p, _ in totals)
    assert n_units == n, f"units read {n_units} pages, whole file {n}"
    report(f"{len(units)} units seq", seq_s, n_units, sum(x for _, x in totals), xml_bytes)

    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(int, range(workers)))  # start the workers before timing
        t = time.perf_counter()
        results = list(pool.map(read_unit, [u.to_dict() for u in units]))
        par_s = time.perf_counter() - t
    worker_rss = max(r for _, _, r in results)
    report(f"{len(units)} units x{workers}", par_s, sum(r[0] for r in results), sum(r[1] for r in results),
           xml_bytes, f"  worker peak RSS {worker_rss / 1024:.0f} MB")
    with bz2.open(dump.with_name(dump.name.replace(".xml.bz2", "-index.txt.bz2")), "rt") as fh:
        assert sum(1 for _ in fh) == n


if __name__ == "__main__":
    main()
