"""Inflected-form sections (``{{S|verbe|fr|flexion}}``): form_of relations to the lemma.

Each definition of such a section names its lemma with a link: ``# ''Pluriel de'' [[minute]].``
→ ("form_of", "minute", language, sense, "Pluriel de"). A section without a linked definition
falls back to the lemma its head template names (``{{fr-verbe-flexion|colliger|…}}``, ``s=`` /
``sing=`` of ``{{fr-rég}}``/``{{en-nom-rég}}``), sense "" and note "".
"""

from __future__ import annotations

import re

from aqea.model import RelationRow
from aqea.wiktionary.fr.senses import logical_lines
from aqea.wiktionary.fr.text import plain
from aqea.wiktionary.markup import iter_templates, template_args

_DEF_RE = re.compile(r"(#+)[ \t]*(?![*:])(.*)")
_LINK_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]")
_LEMMA_KEYS = ("s", "sing", "lemme")


def form_of(body: str, language: str, senses_numbers: list[str]) -> list[RelationRow]:
    """form_of relations of an inflected-form section's own text (``senses_numbers``: the numbers
    its definitions got, in order, so each relation names its sense)."""
    out: list[RelationRow] = []
    i = 0
    for line in logical_lines(body):
        m = _DEF_RE.fullmatch(line) if line.startswith("#") and not line.lstrip("#").startswith(("*", ":")) else None
        if m is None:
            continue
        number = senses_numbers[i] if i < len(senses_numbers) else ""
        i += 1
        text = m.group(2)
        for link in _LINK_RE.finditer(text):
            target = link.group(1).split("#", 1)[0].strip()
            if target and ":" not in target:
                note = plain(text[: link.start()]).rstrip(" :")
                out.append(("form_of", target, language, number, note))
                break
    if not out:
        lemma = head_lemma(body)
        if lemma:
            out.append(("form_of", lemma, language, "", ""))
    return out


def head_lemma(body: str) -> str:
    """The lemma the head template of a form section names, or ""."""
    for line in body.split("\n"):
        if line.startswith("#"):
            break
        if not line.startswith("{{"):
            continue
        for start, end in iter_templates(line):
            name, positional, named = template_args(line[start + 2 : end - 2])
            for key in _LEMMA_KEYS:
                if named.get(key):
                    return plain(named[key])
            if name.endswith("-flexion") and positional:
                return plain(positional[0])
    return ""
