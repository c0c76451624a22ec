"""Throughput of the German parser on the real sample: ``python bench/bench_parse_de.py [reps]``.

Loads the sample once (reading the dump is not timed), then times the parser over every page
``reps`` times (default 20) on one core, two ways, alternating rep by rep: ``parse_pages`` over
all pages at once (as the pipeline calls it, on each batch) and ``parse_page`` page by page; prints
MB/s (UTF-8 bytes of page text) and pages/s for each. Also prints the parse outcome counts once
(lexemes, rejections, relations by kind, translations with/without a sense number, examples).
The "best rep" figure is the least disturbed by other load on the machine; the CPU-time figures
(``time.process_time``, this process only) are the ones to compare on a shared machine. The load
average before and after the timed loops is printed too.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary.de import parse_page, parse_pages  # noqa: E402
from tests.samples import DE_DUMP  # noqa: E402


def main(reps: int = 20) -> None:
    pages = list(iter_pages(DE_DUMP))
    total_bytes = sum(p.text_bytes for p in pages)
    ns0 = [p for p in pages if p.namespace == 0]
    ns0_bytes = sum(p.text_bytes for p in ns0)

    # outcome summary (one pass, untimed)
    lexemes = 0
    rejections: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    unknown_pos: Counter[str] = Counter()
    unknown_lang: Counter[str] = Counter()
    relations: Counter[str] = Counter()
    translations: Counter[str] = Counter()
    examples = unattached = etymologies = 0
    for p in pages:
        r = parse_page(p)
        lexemes += len(r.lexemes)
        for lx in r.lexemes:
            relations.update(rel[0] for rel in lx.relations)  # (kind, target, language, sense, note)
            translations.update(
                "with sense" if rel[3] else "no sense" for rel in lx.relations if rel[0] == "translation"
            )
            examples += sum(len(s.examples) for s in lx.senses)
            unattached += len(lx.extra.get("examples_unattached", ()))
            etymologies += "etymology" in lx.extra
        if r.rejection:
            rejections[r.rejection.reason] += 1
        if r.skipped:
            skipped[r.skipped] += 1
        unknown_pos.update(r.unknown_pos)
        unknown_lang.update(lx.language for lx in r.lexemes if lx.language.startswith("und:"))
    print(f"pages={len(pages)} (ns0={len(ns0)}) lexemes={lexemes}")
    print(f"rejections={dict(rejections)} skipped={dict(skipped)}")
    print(f"unknown_pos={dict(unknown_pos)} unknown_languages={dict(unknown_lang)}")
    print(f"relations={sum(relations.values())} {dict(relations.most_common())}")
    print(f"translations {dict(translations)}; examples attached={examples} unattached={unattached}")
    print(f"lexemes with etymology={etymologies}")

    load_before = os.getloadavg()
    # "batch": parse_pages over the pages, as the pipeline calls the parser; "by page": parse_page per page
    modes = {
        "batch": lambda subset: parse_pages(subset),
        "by page": lambda subset: [parse_page(p) for p in subset],
    }
    for label, subset, nbytes in (("all pages", pages, total_bytes), ("ns0 pages", ns0, ns0_bytes)):
        # the modes alternate rep by rep, so that a change of machine speed hits both alike
        walls: dict[str, list[float]] = {mode: [] for mode in modes}
        cpus: dict[str, list[float]] = {mode: [] for mode in modes}
        for _ in range(reps):
            for mode, parse in modes.items():
                t, c = time.perf_counter(), time.process_time()
                parse(subset)
                walls[mode].append(time.perf_counter() - t)
                cpus[mode].append(time.process_time() - c)  # CPU time of this process: not inflated by other load
        for mode in modes:
            elapsed, cpu, best = sum(walls[mode]), sum(cpus[mode]), min(walls[mode])
            mb = nbytes * reps / 1e6
            print(
                f"{label}, {mode}: {nbytes / 1e6:.3f} MB x {reps} reps in {elapsed:.2f}s -> "
                f"{mb / elapsed:.1f} MB/s, {len(subset) * reps / elapsed:.0f} pages/s "
                f"(best rep {nbytes / 1e6 / best:.1f} MB/s; per CPU second {mb / cpu:.1f} MB/s, "
                f"{len(subset) * reps / cpu:.0f} pages)"
            )
    load = "/".join(f"{x:.2f}" for x in load_before) + " before, " + "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average {load} after, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
