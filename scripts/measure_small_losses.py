"""Counts for issue 13.6 on the whole sample: ``python scripts/measure_small_losses.py``.

English etymologies that still show a raw language code (a code the renderer has no name for), German
sense labels, English translations from untemplated rows, Baltic translations with a macron, and
translations stored under an old language's code."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary import de, en  # noqa: E402
from aqea.wiktionary.en import etymology, render  # noqa: E402
from tests.samples import DE_DUMP, EN_DUMP  # noqa: E402

OLD_CODES = {"ang", "enm", "sga", "mga", "ofs", "odt", "dum", "goh", "gmh", "fro", "frm", "non", "grc"}


def main() -> None:
    missed: list[str] = []
    lang_name = render._lang_name

    def counting_lang_name(code: str) -> str:  # a code the renderer shows as itself
        name = lang_name(code)
        if name == code.strip():
            missed.append(name)
        return name

    plain = etymology._plain

    def etymology_plain(text: str) -> str:
        render._lang_name = counting_lang_name
        try:
            return plain(text)
        finally:
            render._lang_name = lang_name

    etymology._plain = etymology_plain
    etymologies = raw = translations = baltic_macron = old = 0
    for page in iter_pages(EN_DUMP):
        if page.namespace:
            continue
        for lx in en.parse_page(page).lexemes:
            text = lx.extra.get("etymology")
            if text:
                etymologies += 1
                words = set(text.replace(",", " ").replace("(", " ").split())
                raw += any(code in words for code in missed)
            for r in lx.relations:
                if r[0] != "translation":
                    continue
                translations += 1
                old += r[2] in OLD_CODES
                baltic_macron += r[2] in ("lv", "lt") and "\u0304" in unicodedata.normalize("NFD", r[1])
    print(f"en etymologies {etymologies}, with a raw language code {raw} ({raw / etymologies:.1%})")
    print(f"en translations {translations}, under an old language's code {old}, lv/lt with a macron {baltic_macron}")
    labelled = labels = de_old = 0
    for page in iter_pages(DE_DUMP):
        if page.namespace:
            continue
        for lx in de.parse_page(page).lexemes:
            for s in lx.senses:
                labelled += bool(s.labels)
                labels += len(s.labels)
            de_old += sum(r[0] == "translation" and r[2] in OLD_CODES for r in lx.relations)
    print(f"de senses with labels {labelled}, labels {labels}; de translations under an old language's code {de_old}")


if __name__ == "__main__":
    main()
