"""Translation lists: ``{{trad-début|gloss|n}}`` … ``* {{T|de}} : {{trad+|de|Katze|f}}`` … ``{{trad-fin}}``.

One relation per ``{{trad|…}}``/``{{trad+|…}}``/``{{trad-|…}}``/``{{trad--|…}}``: target = its
2nd parameter, language = its 1st (mapped like ``{{langue|…}}``), sense = the enclosing
``{{trad-début}}``'s sense (glosses.match_sense; "" outside such a block or when nothing matches),
note = "genders; tr: transliteration; trad-début gloss" (parts that exist).
"""

from __future__ import annotations

from collections.abc import Sequence

from aqea.model import RelationRow, Sense
from aqea.wiktionary.fr.glosses import match_sense
from aqea.wiktionary.fr.tables import GENDER, language_code
from aqea.wiktionary.fr.text import leading_labels, plain
from aqea.wiktionary.markup import iter_templates, template_args

_TRAD = frozenset({"trad", "trad+", "trad-", "trad--"})


def translations(body: str, senses: Sequence[Sense]) -> list[RelationRow]:
    """The translations of a ``{{S|traductions}}`` section body."""
    out: list[RelationRow] = []
    sense, gloss = "", ""
    for line in body.split("\n"):
        if "{{" not in line:
            continue
        for start, end in iter_templates(line):
            name, positional, named = template_args(line[start + 2 : end - 2])
            if name == "trad-début":
                raw = positional[0] if positional else ""
                labels, rest = leading_labels(raw)
                gloss = plain(raw)
                sense = match_sense(plain(rest), labels, positional[1] if len(positional) > 1 else "", senses)
            elif name == "trad-fin":
                sense, gloss = "", ""
            elif name in _TRAD and len(positional) >= 2:
                target = plain(positional[1])
                if not target:
                    continue
                genders = [g for p in positional[2:] for g in GENDER.get(p, ())]
                note = "; ".join(
                    part
                    for part in (", ".join(genders), f"tr: {named['tr']}" if named.get("tr") else "", gloss)
                    if part
                )
                out.append(("translation", target, language_code(positional[0]), sense, note))
    return out
