"""Throughput of the English parser on the real sample: ``python bench/bench_parse_en.py [reps]``.

Loads the sample once (reading the dump is not timed), then times ``parse_page`` over every
page ``reps`` times (default 10) on one core and prints MB/s (UTF-8 bytes of page text) and
pages/s. Also prints the parse outcome counts once (lexemes by language and POS, rejections,
skips, unknown headings).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary.en import parse_page  # noqa: E402
from tests.samples import EN_DUMP  # noqa: E402


def main(reps: int = 10) -> None:
    pages = list(iter_pages(EN_DUMP))
    total_bytes = sum(p.text_bytes for p in pages)
    ns0 = [p for p in pages if p.namespace == 0]
    ns0_bytes = sum(p.text_bytes for p in ns0)

    # outcome summary (one pass, untimed)
    lexemes = 0
    relations: Counter[str] = Counter()
    rejections: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    unknown_pos: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    pos: Counter[str] = Counter()
    for p in pages:
        r = parse_page(p)
        lexemes += len(r.lexemes)
        if r.rejection:
            rejections[r.rejection.reason] += 1
        if r.skipped:
            skipped[r.skipped] += 1
        unknown_pos.update(r.unknown_pos)
        for lx in r.lexemes:
            languages[lx.language] += 1
            pos[lx.pos] += 1
            relations.update(rel[0] for rel in lx.relations)  # (kind, target, language, sense, note)
    print(f"pages={len(pages)} (ns0={len(ns0)}) lexemes={lexemes} languages={len(languages)}")
    print(f"rejections={dict(rejections)} skipped={dict(skipped)}")
    print(f"unknown_pos={dict(unknown_pos)}")
    print(f"unknown_languages={ {k: v for k, v in languages.items() if k.startswith('und:')} }")
    print(f"top languages={dict(languages.most_common(15))}")
    print(f"pos={dict(pos.most_common())}")
    print(f"relations={dict(relations.most_common())}")

    # wall time, plus CPU time of this process: on a busy machine the CPU figure is the
    # per-core throughput, the wall figure what this run happened to get
    for label, subset, nbytes in (("all pages", pages, total_bytes), ("ns0 pages", ns0, ns0_bytes)):
        best = float("inf")
        t0 = time.perf_counter()
        c0 = time.process_time()
        for _ in range(reps):
            t = time.perf_counter()
            for p in subset:
                parse_page(p)
            best = min(best, time.perf_counter() - t)
        elapsed = time.perf_counter() - t0
        cpu = time.process_time() - c0
        mb = nbytes * reps / 1e6
        print(
            f"{label}: {nbytes / 1e6:.3f} MB x {reps} reps in {elapsed:.2f}s -> "
            f"{mb / elapsed:.1f} MB/s, {len(subset) * reps / elapsed:.0f} pages/s "
            f"(best rep {nbytes / 1e6 / best:.1f} MB/s; CPU time {cpu:.2f}s -> {mb / cpu:.1f} MB/s per core)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
