"""Share of English-edition translations on a sense: ``python bench/report_translation_senses.py [--sample N]``.

Parses every main-namespace page of the real English sample (tests/data/enwiktionary-sample.xml.bz2) and reads
each stored translation: its note carries its table's gloss ("m; a house", or "a house"), its sense field the
sense it was put on. Prints the count of translations from glossed ``{{trans-top|gloss}}`` tables, the share on a
sense, and the glossed tables per matching rule.

``--new`` lists every table placed by the rules added after the tolerant overlap (head word, first clause within,
named label: issue 13's second pass; judged in docs/data/translation-sense-judgements.tsv). ``--sample N --seed S``
then prints N attachments drawn at random (one per table, so a big table does not weigh
more) for judging by hand: the table's gloss next to the gloss of the sense it was put on. Checked-table
translations (``{{checktrans-top}}``, no gloss) are not counted: they have no gloss to match.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary.en import parse_page, sense_match  # noqa: E402
from aqea.wiktionary.en.translations import _is_gender  # noqa: E402
from tests.samples import EN_DUMP  # noqa: E402

# Rules that run after the tolerant overlap: every table they place was unattached before them.
NEW_RULES = ("head word", "first clause within", "named label", "derived words")


def main(sample: int, seed: int, only_rule: str, new: bool = False) -> None:
    pages = [p for p in iter_pages(EN_DUMP) if p.namespace == 0]
    rules: Counter[str] = Counter()
    glossed = attached = 0
    tables: dict[tuple[str, str, str, int, str], tuple[str, str, str]] = {}  # table → (sense, its gloss, rule)
    recorder = _record_rules()
    for p in pages:
        if recorder is not None:
            recorder.clear()
        result = parse_page(p)
        page_rules = {(gloss, number): rule for gloss, number, rule in recorder or ()}
        for _gloss, _number, rule in recorder or ():
            rules[rule] += 1
        for lx in result.lexemes:
            sense_gloss = {s.number: s.gloss for s in lx.senses}
            for kind, _target, _lang, sense, note in lx.relations:
                if kind != "translation":
                    continue
                gloss = _table_gloss(note)
                if not gloss:
                    continue
                glossed += 1
                if sense:
                    attached += 1
                    table = (p.title, lx.language, lx.pos, lx.homograph, gloss)
                    rule = page_rules.get((gloss, sense), "")
                    tables.setdefault(table, (sense, sense_gloss.get(sense, ""), rule))
    share = attached / glossed if glossed else 0.0
    print(f"pages={len(pages)} translations in glossed tables={glossed} on a sense={attached} ({share:.1%})")
    if rules:
        print(f"glossed tables by rule (per table and POS): {dict(rules.most_common())}")
    if new:
        only_rule, sample = "", sample or len(tables)
    if sample:
        rng = random.Random(seed)
        wanted = (only_rule,) if only_rule else NEW_RULES if new else ()
        keys = sorted(k for k, v in tables.items() if not wanted or v[2] in wanted)
        for n, k in enumerate(rng.sample(keys, min(sample, len(keys))), 1):
            title, language, pos, homograph, gloss = k
            number, sense_gloss, rule = tables[k]
            where = f"{title} [{language} {pos} {homograph}]"
            print(f"{n:3}. {where} table {gloss!r} -> {number} ({rule}): {sense_gloss!r}")


def _record_rules() -> list[tuple[str, str, str]] | None:
    """The rule that placed each glossed table, logged by wrapping the matcher (None before it reported rules)."""
    index = sense_match._SenseIndex
    if not hasattr(index, "table_match"):
        return None
    log: list[tuple[str, str, str]] = []

    def match_table(self: sense_match._SenseIndex, gloss: str, table_id: str = "") -> str:
        number, rule = index.table_match(self, gloss, table_id)
        if gloss:
            log.append((gloss, number, rule or "none"))
        return number

    index.match_table = match_table  # type: ignore[method-assign]
    return log


def _table_gloss(note: str) -> str:
    """The table gloss part of a translation's note ("m; a house" → "a house"; "m" alone is a gender; a gloss may
    hold "; " itself: "process of childbearing; beginning of life")."""
    head, sep, rest = note.partition("; ")
    if _genders(head):
        return rest if sep else ""
    return note


def _genders(text: str) -> bool:
    return bool(text) and all(_is_gender(part) for part in text.split(","))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, default=0, help="print this many random attachments for judging")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--rule", default="", help="sample only attachments made by this rule (e.g. overlap)")
    ap.add_argument("--new", action="store_true", help="list the tables placed by the rules after the overlap")
    args = ap.parse_args()
    main(args.sample, args.seed, args.rule, args.new)
