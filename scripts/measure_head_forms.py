"""How many head templates of the English edition's sample are rendered into named forms, and how many are left raw.

``python scripts/measure_head_forms.py [dump]`` (default: tests/data/enwiktionary-sample.xml.bz2). Counts the
lexemes whose head template is one of {{en-verb}}, {{en-noun}}, {{en-proper noun}}, {{en-plural noun}},
{{en-adj}}, {{en-adv}}, {{head|en|…}}, {{de-noun}}, {{de-proper noun}}. A head is *left raw* when its stored
output keeps a template parameter as written (a parameter number or a parameter name such as ``past2``/``pl2``
instead of a named form; ``head_args``), or stores nothing although the template's documented default shows forms
(en-noun, en-verb, en-adj, en-adv with no "-"/"?"/"!" code). Reads both the ``forms`` list and the older
``inflection`` dict, so the same command measures a checkout before this change (docs/quality.md).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary.en import parse_page  # noqa: E402

FAMILY = ("en-verb", "en-noun", "en-proper noun", "en-plural noun", "en-adj", "en-adv", "head", "de-noun",
          "de-proper noun")  # fmt: skip
WITH_DEFAULT_FORMS = frozenset({"en-verb", "en-noun", "en-adj", "en-adv"})
# the older dict's keys that named a form or a property (everything else was a parameter as written)
NAMED_KEYS = frozenset({"plural", "comparative", "superlative", "genitive", "diminutive", "gender", "countability",
                        "comparison"})  # fmt: skip


def verdict(extra: dict) -> str:
    name = extra.get("head_template", "")
    if "forms" in extra or "head_tags" in extra or "head_args" in extra:
        if extra.get("head_args"):
            return "raw"
        empty = not extra.get("forms") and not extra.get("head_tags")
    else:
        inflection = extra.get("inflection") or {}
        if any(k not in NAMED_KEYS for k in inflection):
            return "raw"
        empty = not any(k != "gender" for k in inflection)
    if empty and name in WITH_DEFAULT_FORMS:
        return "nothing shown"
    return "rendered"


def main(dump: str) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for page in iter_pages(dump):
        if page.namespace != 0:
            continue
        for lx in parse_page(page).lexemes:
            name = lx.extra.get("head_template", "")
            if name not in FAMILY or (name == "head" and lx.language != "en"):
                continue
            counts[(name, verdict(lx.extra))] += 1
    total: Counter[str] = Counter()
    print(f"{'template':16} {'rendered':>9} {'raw':>5} {'nothing shown':>14}")
    for name in FAMILY:
        row = [counts[(name, v)] for v in ("rendered", "raw", "nothing shown")]
        for v, n in zip(("rendered", "raw", "nothing shown"), row, strict=True):
            total[v] += n
        print(f"{name:16} {row[0]:>9} {row[1]:>5} {row[2]:>14}")
    all_heads = sum(total.values())
    print(f"{'all':16} {total['rendered']:>9} {total['raw']:>5} {total['nothing shown']:>14}"
          f"   rendered {total['rendered'] / all_heads:.1%} of {all_heads}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "tests/data/enwiktionary-sample.xml.bz2"))
