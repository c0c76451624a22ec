"""How many quotation lines of the English edition's sample are kept as quotations, and how many are dropped.

``python scripts/measure_quotations.py [dump]`` (default: tests/data/enwiktionary-sample.xml.bz2). A quotation line
is a definition's ``#*`` citation line or its ``#*:``/``#*::`` passage and translation lines (``##*`` … under
sub-senses alike). A line is *kept* when the parser put it into a stored quotation (started one, or added its
passage or translation); every other line is dropped: a lone ``{{seemoreCites}}``, lines before the first
definition, empty lines. Also counts the stored quotations and how many carry a passage, year, author, title.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary.en import parse_page, senses  # noqa: E402
from aqea.wiktionary.en.quotations import _Draft, quotation_line  # noqa: E402

QUOTATION_LINE_RE = re.compile(r"^#+\*", re.M)
COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
kept = Counter[str]()


def counting_line(drafts: list[_Draft], open_draft: _Draft | None, marker: str, content: str) -> _Draft | None:
    before = (len(drafts), len(open_draft.text) + len(open_draft.translation) if open_draft else 0)
    got = quotation_line(drafts, open_draft, marker, content)
    grown = got is not None and (got is not open_draft or len(got.text) + len(got.translation) > before[1])
    if len(drafts) > before[0] or grown:
        kept["#*" if marker == "*" else "#*:"] += 1
    return got


def main(dump: Path) -> None:
    senses.quotation_line = counting_line  # type: ignore[assignment]
    lines = Counter[str]()
    stored = Counter[str]()
    for page in iter_pages(dump):
        if page.namespace != 0 or page.redirect:
            continue
        text = COMMENT_RE.sub("", page.text)  # as the parser reads it
        for m in QUOTATION_LINE_RE.finditer(text):
            lines["#*" if text[m.end() : m.end() + 1] != ":" else "#*:"] += 1
        for lexeme in parse_page(page).lexemes:
            for sense in lexeme.senses:
                for q in sense.quotations:
                    stored["quotations"] += 1
                    for name in ("text", "year", "author", "title", "work", "translation"):
                        stored[name] += bool(getattr(q, name))
                    stored["template"] += bool(q.source)
    total, got = sum(lines.values()), sum(kept.values())
    print(f"quotation lines: {total} ({lines['#*']} citation '#*', {lines['#*:']} passage/translation '#*:')")
    print(f"kept: {got} ({got / total:.1%}); '#*' {kept['#*']}, '#*:' {kept['#*:']}; dropped: {total - got}")
    n = stored["quotations"]
    print(f"stored quotations: {n}; from a template {stored['template']}")
    for name in ("text", "year", "author", "title", "work", "translation"):
        print(f"  with {name}: {stored[name]} ({stored[name] / n:.1%})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/data/enwiktionary-sample.xml.bz2")
