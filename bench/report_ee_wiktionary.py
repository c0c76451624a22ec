"""EE (semantic subcategory) precision and coverage of Wiktionary entries, German and English editions
(docs/quality.md, "Semantic subcategory (EE) precision").

Parses the two samples in tests/data with the parsers directly (no database) and assigns every addressable entry
its EE with the current rules (``classify.assign_subcategory``). The entries of each edition are split once, by
``--seed``, into two halves in a random order: ``A`` (development: its errors guided the rule changes) and ``B``
(held out: judged, never used to choose a rule). A half's sample is the first ``--per-edition`` entries of its
order with a non-general EE under the rules being measured — so the same command draws the sample of the rules
in force, and before/after are measured by running it at the two commits.

``--judgements TSV`` (edition, lemma, language, pos, homograph, subcategory, right 1/0, note; the judging rule is
in its header) scores each sample: precision = right / judged, coverage = share of all entries with a non-general
EE. Pairs of the samples not yet judged are written to ``--todo`` for judging.

    .venv/bin/python bench/report_ee_wiktionary.py                       # both samples, both editions
    .venv/bin/python bench/report_ee_wiktionary.py --todo /tmp/todo.tsv  # unjudged pairs, with first glosses
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aqea.classify import GENERAL  # noqa: E402
from aqea.convert import to_entry  # noqa: E402
from aqea.model import Lexeme, Page, ParseResult  # noqa: E402
from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary.de import parse_page as parse_de  # noqa: E402
from aqea.wiktionary.en import parse_page as parse_en  # noqa: E402
from tests.samples import DE_DUMP, EN_DUMP  # noqa: E402

EDITIONS: dict[str, tuple[Path, Callable[[Page], ParseResult]]] = {"de": (DE_DUMP, parse_de), "en": (EN_DUMP, parse_en)}
JUDGEMENTS = ROOT / "docs/data/ee-judgements-wiktionary.tsv"
Key = tuple[str, str, str, str, str, str]  # edition, lemma, language, pos, homograph, subcategory


@dataclass(frozen=True, slots=True)
class Row:
    edition: str
    lexeme: Lexeme
    code: int
    name: str
    signal: str

    def key(self) -> Key:
        lx = self.lexeme
        return self.edition, lx.lemma, lx.language, lx.pos, str(lx.homograph), self.name

    def first_senses(self, n: int = 2) -> str:
        return " | ".join(f"[{s.number}] ({', '.join(s.labels)}) {s.gloss}"[:110] for s in self.lexeme.senses[:n])


def entries(edition: str) -> list[Row]:
    """Every addressable entry of the edition's sample (inflected forms and unknown parts of speech get no EE)."""
    dump, parse = EDITIONS[edition]
    rows = []
    for page in iter_pages(dump):
        for lx in parse(page).lexemes:
            entry = to_entry(lx)
            if entry.unaddressed_reason is None:
                sub = entry.meta["subcategory"]
                rows.append(Row(edition, lx, entry.subcategory, str(sub["name"]), str(sub["signal"])))
    return rows


def halves(rows: list[Row], seed: int) -> dict[str, list[Row]]:
    """A fixed random order of the entries, split in two: the split and order do not depend on the rules."""
    ordered = sorted(rows, key=lambda r: r.key()[:5])
    random.Random(seed).shuffle(ordered)
    return {"A": ordered[0::2], "B": ordered[1::2]}


def read_judgements(path: Path) -> dict[Key, tuple[bool, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return {(r["edition"], r["lemma"], r["language"], r["pos"], r["homograph"], r["subcategory"]):
            (r["right"] == "1", r["note"]) for r in csv.DictReader(lines, delimiter="\t")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    ap.add_argument("--todo", type=Path, help="write the samples' unjudged pairs here (with signal and glosses)")
    ap.add_argument("--seed", type=int, default=1313)
    ap.add_argument("--per-edition", type=int, default=55, help="sample size per edition and half")
    ap.add_argument("--wrong", action="store_true", help="print the samples' pairs judged wrong")
    args = ap.parse_args()
    judged = read_judgements(args.judgements)
    todo: list[Row] = []
    print(f"seed {args.seed}; per edition and half: the first {args.per_edition} with a non-general EE")
    print("edition\thalf\tcoverage (all entries)\tsample\tjudged\tright\tprecision")
    totals: dict[str, list[int]] = {}
    for edition in EDITIONS:
        rows = entries(edition)
        covered = sum(r.code != GENERAL for r in rows)
        for half, ordered in halves(rows, args.seed).items():
            sample = [r for r in ordered if r.code != GENERAL][: args.per_edition]
            verdicts = [judged.get(r.key()) for r in sample]
            todo += [r for r, v in zip(sample, verdicts, strict=True) if v is None]
            right = sum(v is not None and v[0] for v in verdicts)
            n_judged = sum(v is not None for v in verdicts)
            t = totals.setdefault(half, [0, 0, 0])
            t[0], t[1], t[2] = t[0] + len(sample), t[1] + n_judged, t[2] + right
            precision = f"{right / n_judged:.1%}" if n_judged else "-"
            print(f"{edition}\t{half}\t{covered}/{len(rows)} = {covered / len(rows):.1%}\t{len(sample)}\t{n_judged}"
                  f"\t{right}\t{precision}")
            if args.wrong:
                for r, v in zip(sample, verdicts, strict=True):
                    if v is not None and not v[0]:
                        print(f"   wrong: {r.lexeme.lemma} ({r.lexeme.language} {r.lexeme.pos}) {r.name} "
                              f"by {r.signal}: {v[1]}")
    for half, (n, n_judged, right) in totals.items():
        precision = f"{right / n_judged:.1%}" if n_judged else "-"
        print(f"both\t{half}\t\t{n}\t{n_judged}\t{right}\t{precision}")
    if args.todo:
        with args.todo.open("w", encoding="utf-8") as fh:
            for r in todo:
                fh.write("\t".join((*r.key(), r.signal, r.first_senses())) + "\n")
        print(f"unjudged pairs: {len(todo)} -> {args.todo}")


if __name__ == "__main__":
    main()
