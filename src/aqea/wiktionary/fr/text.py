"""French wikitext → plain text, and the usage labels that start a line.

markup.strip_markup renders templates with the German edition's table; French lines are first
rendered here with ``templates_fr.json`` (every template not listed renders as nothing), so what
reaches strip_markup has no templates left.
"""

from __future__ import annotations

import re

from aqea.wiktionary.fr.tables import LABEL_LISTS, LABELS, NOT_LABELS, TEXT, language_code
from aqea.wiktionary.markup import iter_templates, strip_markup, strip_refs, template_args

_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_INNER_TEMPLATE_RE = re.compile(r"\{\{([^{}]*)\}\}")
# images and categories, their captions included (one level of links nested in the caption)
_MEDIA_RE = re.compile(
    r"\[\[\s*(?:Fichier|File|Image|Média|Catégorie|Category)\s*:(?:[^\[\]]|\[\[[^\[\]]*\]\])*\]\]", re.I
)
_MAX_PASSES = 20  # nesting depth bound


def _render(m: re.Match[str]) -> str:
    name, positional, named = template_args(m.group(1))
    show = TEXT.get(name)
    if show is None:
        return ""
    if isinstance(show, str):
        return show
    return named.get(str(show)) or (positional[show - 1] if len(positional) >= show else named.get("mot", ""))


def plain(text: str) -> str:
    """Plain text of a French wikitext snippet, as a reader would see it (approximately)."""
    if not text:
        return ""
    if "<" in text:
        text = strip_refs(_COMMENT_RE.sub("", text))
    if "[[" in text:
        text = _MEDIA_RE.sub("", text)
    for _ in range(_MAX_PASSES):  # innermost first, so nested templates resolve outward
        if "{{" not in text:
            break
        text, n = _INNER_TEMPLATE_RE.subn(_render, text)
        if not n:
            break
    return strip_markup(text)


def is_language_code(value: str) -> bool:
    """Does a template parameter name a language ("fr", "nl", "conv"), not a label word?"""
    return not language_code(value).startswith("und:") and len(value) <= 8 and value.islower() and " " not in value


def label_of(name: str, positional: list[str]) -> list[str] | None:
    """The usage labels a template stands for, or None when it is no label template.

    ``{{lexique|anatomie|botanique|fr}}`` → ["anatomie", "botanique"]; ``{{term|Terme générique}}`` →
    ["Terme générique"]; ``{{figuré|fr}}`` → ["figuré"]; ``{{par ext}}`` → ["par extension"].
    """
    if name in NOT_LABELS or name in TEXT or not name or name.startswith("#"):
        return None
    if name in LABEL_LISTS:
        params = [p for p in positional if p]
        if len(params) > 1 and is_language_code(params[-1]):
            params = params[:-1]  # the trailing language code of {{lexique|…|fr}}
        return [plain(p) for p in params if plain(p)]
    return [LABELS.get(name, name)]


def leading_labels(line: str) -> tuple[list[str], str]:
    """Split a definition line into the label templates that start it and the rest:
    ``"{{figuré|fr}} {{lexique|marine|fr}} Port de …"`` → (["figuré", "marine"], "Port de …")."""
    labels: list[str] = []
    if "[[" in line:
        line = _MEDIA_RE.sub("", line)
    rest = 0  # where the text after the last label starts
    n = len(line)
    while True:
        pos = rest
        while pos < n and line[pos] in " \t'(),.:;":  # separators between labels
            pos += 1
        if not line.startswith("{{", pos):
            break
        end = _template_end(line, pos)
        if end < 0:
            break
        name, positional, _named = template_args(line[pos + 2 : end - 2])
        found = label_of(name, positional)
        if found is None:
            break
        labels.extend(found)
        rest = end
    return labels, line[rest:]


def _template_end(line: str, start: int) -> int:
    """End offset of the template starting at ``start``, or -1 when it is not closed."""
    for s, e in iter_templates(line[start:]):
        if s == 0:
            return start + e
        break
    return -1
