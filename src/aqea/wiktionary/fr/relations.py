"""Word lists of a part of speech: ``{{S|synonymes}}``, ``{{S|antonymes}}``, ``{{S|dérivés}}`` …

One relation per linked word of a ``*`` line (``[[x]]``, ``[[x|shown]]``, ``{{lien|x|fr}}``),
language = the lexeme's. The sense is that of the enclosing ``{{(|gloss|n}}`` … ``{{)}}`` box
(glosses.match_sense), else "". "related" relations are noted with their section name
("apparentés", "vocabulaire", "variantes orthographiques" …); other kinds with the italic
heading line above the words, if any (``''Philosophie :''``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aqea.model import RelationRow, Sense
from aqea.wiktionary.fr.glosses import match_sense
from aqea.wiktionary.fr.text import leading_labels, plain
from aqea.wiktionary.markup import iter_templates, template_args

_LINK_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]")
_ITALIC_HEADER_RE = re.compile(r"''([^'\n]+?)\s*:?\s*''\s*:?\s*$")
_LINK_TEMPLATES = frozenset({"lien", "l"})


def word_relations(body: str, kind: str, section: str, language: str, senses: Sequence[Sense]) -> list[RelationRow]:
    """The relations of one word-list section ``body`` named ``section``."""
    out: list[RelationRow] = []
    sense, header = "", ""
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith("{{(") and not stripped.startswith("{{(("):
            sense = _box_sense(stripped, senses)
            continue
        if stripped.startswith("{{)}}"):
            sense = ""
            continue
        m = _ITALIC_HEADER_RE.fullmatch(stripped)
        if m is not None:
            header = plain(m.group(1)).rstrip(" :")
            continue
        if not stripped.startswith("*"):
            continue
        note = section if kind == "related" else header
        for target in line_targets(stripped.lstrip("*: ")):
            out.append((kind, target, language, sense, note))
    return out


def _box_sense(line: str, senses: Sequence[Sense]) -> str:
    """The sense of a ``{{(|gloss|n}}`` box opener ("" for ``{{(}}``)."""
    for start, end in iter_templates(line):
        _name, positional, _named = template_args(line[start + 2 : end - 2])
        raw = positional[0] if positional else ""
        labels, rest = leading_labels(raw)
        return match_sense(plain(rest), labels, positional[1] if len(positional) > 1 else "", senses)
    return ""


def line_targets(text: str) -> list[str]:
    """Linked words of a list item: links (namespace links and anchors dropped) and ``{{lien|x|…}}``."""
    out: list[str] = []
    for m in _LINK_RE.finditer(text):
        target = m.group(1).split("#", 1)[0].strip()
        if target and ":" not in target:
            out.append(target)
    for start, end in iter_templates(text):
        name, positional, _named = template_args(text[start + 2 : end - 2])
        if name in _LINK_TEMPLATES and positional and positional[0]:
            out.append(plain(positional[0]))
    return list(dict.fromkeys(out))
