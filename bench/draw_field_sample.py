"""Draw the fixed random sample of pages for the per-field precision/recall table (docs/quality.md,
"Per-field precision and recall against hand-read wikitext") and write each page's wikitext for reading.

The sample is drawn once (``--seed 1313``, 50 main-namespace pages per edition from the samples in tests/data,
sorted by title before drawing) and kept in ``docs/data/field-sample.tsv``; the gold annotations made by reading
those pages live in ``docs/data/field-gold-<edition>.jsonl`` and are scored by ``bench/report_field_accuracy.py``.
On each page the entries of two language sections are read: the edition's own language (German on
de.wiktionary, English on en.wiktionary) when the page has it, and the first section of another language.

    .venv/bin/python bench/draw_field_sample.py                      # print the sample
    .venv/bin/python bench/draw_field_sample.py --wikitext /tmp/gold  # also write <edition>/<nn>.wikitext
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aqea.model import Page  # noqa: E402
from aqea.sources.dump import iter_pages  # noqa: E402
from tests.samples import DE_DUMP, EN_DUMP  # noqa: E402

DUMPS = {"de": DE_DUMP, "en": EN_DUMP}
HOME = {"de": "Deutsch", "en": "English"}
_DE_HEADING = re.compile(r"^==\s*[^=].*?\(\{\{Sprache\|([^}|]+)\}\}\)\s*==\s*$", re.M)
_EN_HEADING = re.compile(r"^==\s*([^=].*?)\s*==\s*$", re.M)


def language_sections(edition: str, text: str) -> list[str]:
    """The language names of the page's level-2 headings, in page order."""
    pattern = _DE_HEADING if edition == "de" else _EN_HEADING
    return [name.strip() for name in pattern.findall(text)]


def sections_to_read(edition: str, text: str) -> list[str]:
    """The edition's own language if present, then the first other language (the rule of the sample)."""
    names = language_sections(edition, text)
    chosen = [HOME[edition]] if HOME[edition] in names else []
    others = [name for name in names if name != HOME[edition]]
    return chosen + others[:1]


def draw(edition: str, seed: int, count: int) -> list[Page]:
    pages = sorted((p for p in iter_pages(DUMPS[edition]) if p.namespace == 0 and not p.redirect),
                   key=lambda p: p.title)
    return random.Random(seed).sample(pages, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1313)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--wikitext", type=Path, help="folder to write <edition>/<nn>.wikitext into")
    args = parser.parse_args()
    print("edition\tn\ttitle\tsections")
    for edition in ("de", "en"):
        for number, page in enumerate(draw(edition, args.seed, args.pages), 1):
            print(f"{edition}\t{number}\t{page.title}\t{' | '.join(sections_to_read(edition, page.text))}")
            if args.wikitext:
                folder = args.wikitext / edition
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{number:02d}.wikitext").write_text(f"TITLE: {page.title}\n\n{page.text}", "utf-8")


if __name__ == "__main__":
    main()
