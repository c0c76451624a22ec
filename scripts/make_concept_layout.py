"""Write src/aqea/taxonomy/concept_blocks.json: EE ranges per WordNet lexicographer file in the concept domains.

Concept addresses (docs/addressing.md): QQ = part of speech, and (AA, EE) name the semantic field — each
lexicographer file owns a contiguous range of blocks, sized from its synset count in Princeton WordNet 3.0 with
25 % headroom; blocks after the last range are the part of speech's unclassified tail. Run once per registry
version (the counts are data, not code):

    .venv/bin/python scripts/make_concept_layout.py /usr/share/wordnet ../shared/data/wordnet/lexnames
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

HEADROOM = 1.25
ELEMENTS = 255
QQ = {"1": 0x01, "2": 0x02, "3": 0x03, "4": 0x04}  # lexnames' syntactic category → QQ (noun, verb, adj, adv)
OUT = Path(__file__).resolve().parents[1] / "src" / "aqea" / "taxonomy" / "concept_blocks.json"


def main(dict_dir: Path, lexnames: Path) -> None:
    names = {}
    for line in lexnames.read_text().splitlines():
        number, name, category = line.split()
        names[int(number)] = (name, QQ[category])
    counts: Counter[int] = Counter()
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (dict_dir / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if not line.startswith("  "):  # the licence header lines start with two blanks
                counts[int(line.split()[1])] += 1
    fields = []
    next_block: Counter[int] = Counter()  # per QQ: linear block number over the concept domains
    for number in sorted(names):
        name, qq = names[number]
        blocks = max(1, math.ceil(counts[number] * HEADROOM / ELEMENTS))
        fields.append({"lexfile": number, "name": name, "category": qq, "synsets_pwn30": counts[number],
                       "first_block": next_block[qq], "blocks": blocks})
        next_block[qq] += blocks
    OUT.write_text(json.dumps({
        "version": 1,
        "comment": "Blocks of the concept domains per WordNet lexicographer file (scripts/make_concept_layout.py). "
                   "Linear block b of a category is (AA, EE) = (first concept domain + b // 256, b % 256). Sizes: "
                   f"Princeton WordNet 3.0 synsets x {HEADROOM} / {ELEMENTS}, at least 1. Blocks after a "
                   "category's last field are its unclassified tail.",
        "fields": fields,
    }, indent=1) + "\n")
    print(f"{OUT}: {len(fields)} fields, {sum(counts.values()):,} synsets, blocks per category {dict(next_block)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
