"""What the English edition's concern modules share: the language tables, the sense being built
(_MSense), and template-text helpers (argument split, name normalisation, brace matching)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aqea.taxonomy import load_table
from aqea.wiktionary.markup import template_args

# Loaded once per process: name → code tables (aqea/taxonomy/*.json).
_LANG_TABLE = load_table("languages_en")
LANGUAGES: dict[str, str] = _LANG_TABLE["languages"]
LANGUAGE_NAMES: dict[str, str] = _LANG_TABLE["names"]  # code → canonical English name
# abbreviated etymology codes ({{der|en|LL.|…}}) show the name of the code they stand for
LANGUAGE_NAMES.update({alias: LANGUAGE_NAMES[code] for alias, code in _LANG_TABLE["etymology_aliases"].items()})
_LANGUAGES_CF: dict[str, str] = {k.casefold(): v for k, v in LANGUAGES.items()}
_BRACES_RE = re.compile(r"\{\{|\}\}")
_PLAIN_SUFFIX_RE = re.compile(r"<[^<>\n]*>")  # inline modifiers "word<q:dated>"
_LANGUAGE_ALIASES: dict[str, str] = {"cmn": "zh"}


def language_code(name: str) -> str:
    """``"German"`` → ``"de"``; unknown names → ``"und:<name>"`` (counted, never guessed)."""
    code = LANGUAGES.get(name) or _LANGUAGES_CF.get(name.casefold())
    return code or f"und:{name}"


@dataclass(slots=True)
class _MSense:
    number: str
    gloss: str
    labels: list[str]
    examples: list[str] = field(default_factory=list)
    form_of: bool = False
    inflectional: bool = False
    ids: list[str] = field(default_factory=list)  # {{senseid|en|…}} on the definition line
    quotations: list[Any] = field(default_factory=list)  # quotations._Draft, frozen by the page


def _template_end(text: str, start: int = 0, limit: int = 20000) -> int:
    """End offset of the template opening at ``start`` (``text[start:start+2] == "{{"``), or -1
    when it is not closed within ``limit`` characters (then it is literal text, as MediaWiki
    treats unclosed braces)."""
    depth = 0
    stop = min(len(text), start + limit)
    for m in _BRACES_RE.finditer(text, start, stop):
        if m.group() == "{{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return -1


def _targs(inner: str) -> tuple[str, list[str], dict[str, str]]:
    """:func:`template_args`, with explicitly numbered parameters ("1=…") put back among the
    positional ones, as MediaWiki treats them."""
    name, positional, named = template_args(inner)
    if named and any(k.isdigit() for k in named):
        slots: dict[int, str] = dict(enumerate(positional, 1))
        for k in [k for k in named if k.isdigit()]:
            slots[int(k)] = named.pop(k)
        if slots:
            positional = [slots.get(i, "") for i in range(1, max(slots) + 1)]
    return name, positional, named


def _close_line(line: str) -> str:
    """One line with its unclosed templates closed at the end of the line (a common slip)."""
    if "{{" in line:
        missing = line.count("{{") - line.count("}}")
        if missing > 0:
            return line + "}}" * missing
    return line


def _norm_name(name: str) -> str:
    name = name.strip()
    if "_" in name:
        name = name.replace("_", " ")
    if name.startswith(("Template:", "template:")):
        name = name[9:]
    return name


def _needs_plain(value: str) -> bool:
    return any(c in value for c in "[{'<&")
