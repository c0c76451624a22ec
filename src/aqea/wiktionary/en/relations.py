"""Relation sections (Synonyms, Antonyms, Hypernyms, Hyponyms, Derived terms, Related terms):
list lines, column templates and nym templates → relations, and relation targets as plain words."""

from __future__ import annotations

import re

from aqea.model import RelationRow
from aqea.wiktionary.en.common import _PLAIN_SUFFIX_RE, LANGUAGE_NAMES, _norm_name, _targs, _template_end
from aqea.wiktionary.en.render import _LINK_TEMPLATES, _plain
from aqea.wiktionary.en.sense_match import _SenseIndex
from aqea.wiktionary.markup import iter_templates

# Relation templates on sense lines ("#: {{syn|en|a|b}}") and in relation sections.
_NYM_TEMPLATES: dict[str, str] = {
    "syn": "synonym",
    "synonyms": "synonym",
    "syn-lite": "synonym",
    "ant": "antonym",
    "antonyms": "antonym",
    "ant-lite": "antonym",
    "hyper": "hypernym",
    "hypernyms": "hypernym",
    "hyper-lite": "hypernym",
    "hypo": "hyponym",
    "hyponyms": "hyponym",
    "hypo-lite": "hyponym",
}
# Column/list templates of relation sections: every positional parameter is an item.
_COLUMN_TEMPLATE_RE = re.compile(
    r"^(?:col|der|rel|hyp|syn|ant|desc|term|top)[1-5]?(?:-u|-auto)?$|^col-auto$|^col-u$|^columns$|^(?:der|rel)-lite$"
)
_ITEM_SPECIAL_RE = re.compile(r"[\\[{(,;<'&#:]")
_TARGET_SPECIAL_RE = re.compile(r"[\[{'&<#:]")
_REL_LINE_RE = re.compile(r"^(?:\*|\{\{)[^\n]*", re.M)
# One plain link template and nothing else: "{{l|en|pastie}}" (item fast path).
_SIMPLE_LINK_RE = re.compile(r"\{\{(?:l|l-self|ll)\|[a-z-]+\|([^{}|=\[\]<#:]+)(?:\|[^{}]*)?\}\}")
_LINK_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]")
_OLD_SENSE_PREFIX_RE = re.compile(r"^\(([^()]*)\)\s*:?\s*")
_PARENS_RE = re.compile(r"\([^()]*\)")
_LINK_NAMESPACES = frozenset(
    {
        "category", "file", "image", "media", "w", "wikipedia", "thesaurus", "wikisaurus", "appendix",
        "wikt", "citations", "reconstruction", "s", "commons", "wikispecies", "species", "q",
        "wikiquote", "wiktionary", "special", "template", "help", "index", "rhymes", "user",
    }
)  # fmt: skip


def _nym_terms(positional: list[str], named: dict[str, str]) -> list[str]:
    terms = positional if "lang" in named else positional[1:]
    out: list[str] = []
    for t in terms:
        t = _clean_target(t)
        if t:
            out.append(t)
    return out


def _relation_section(body: str, kind: str, language: str, lemma: str, senses: _SenseIndex) -> list[RelationRow]:
    """Relations of a Synonyms/Antonyms/Hypernyms/Hyponyms/Derived terms/Related terms section:
    list lines ("* {{sense|gloss}} {{l|en|word}}, [[other]]"), column templates
    ({{der3|en|a|b}}, {{col3|…}}, {{rel4|lang=en|…}}) and nym templates ({{syn|en|a|b}})."""
    out: list[RelationRow] = []

    def add(targets: list[str], sense: str) -> None:
        for t in targets:
            if t and t != lemma:
                out.append((kind, t, language, sense, ""))

    skip_to = 0
    for m in _REL_LINE_RE.finditer(body):
        at = m.start()
        if at < skip_to:
            continue  # inside a multi-line template handled already
        line = m.group()
        if line.startswith("{{"):
            end = _template_end(body, at)
            if end < 0:
                continue
            skip_to = end
            name, positional, named = _targs(body[at + 2 : end - 2])
            name = _norm_name(name)
            if _COLUMN_TEMPLATE_RE.match(name):
                items = (
                    positional if ("lang" in named or not _looks_like_lang(positional, language)) else positional[1:]
                )
                for item in items:
                    add(_item_targets(item), "")
            elif name in _NYM_TEMPLATES:
                add(_nym_terms(positional, named), "")
            continue
        line = line.lstrip("*:# \t")
        if not line:
            continue
        sense = ""
        if line.startswith("{{"):
            end = _template_end(line)
            if end > 0:
                name, positional, named = _targs(line[2 : end - 2])
                name = _norm_name(name)
                if name in ("sense", "s", "senseno"):
                    sense = senses.match(_plain(positional[0]) if positional else "")
                    line = line[end:].lstrip(" :")
                elif name in _NYM_TEMPLATES:
                    add(_nym_terms(positional, named), "")
                    continue
        else:
            old = _OLD_SENSE_PREFIX_RE.match(line)
            if old:
                sense = senses.match(_plain(old.group(1)))
                line = line[old.end() :]
        add(_item_targets(line), sense)
    return out


def _looks_like_lang(positional: list[str], language: str) -> bool:
    """Whether a column template's first parameter is its language ({{col3|en|…}}) rather than
    the first item of an old-style list ({{der4|-pounder|…}})."""
    if not positional:
        return False
    first = positional[0].strip()
    return first == language or first in LANGUAGE_NAMES


def _line_start(text: str, offset: int) -> bool:
    i = text.rfind("\n", 0, offset) + 1
    return not text[i:offset].strip(" *:#\t")


def _item_targets(text: str) -> list[str]:
    """Target words of one list item / column parameter."""
    text = text.strip()
    if not text:
        return []
    if _ITEM_SPECIAL_RE.search(text) is None:
        return [] if text in ("-", "—", "?") or len(text) > 60 else [text]
    simple = _SIMPLE_LINK_RE.fullmatch(text)
    if simple is not None:
        t = simple.group(1).strip()
        return [t] if t else []
    if "(" in text:
        # "(compare [[x]])", "(i.e. [[tiger]], [[lion]])": asides, not items
        text = _drop_parens(text).strip()
        if not text:
            return []
    out: list[str] = []
    rest = text
    if "{{" in text:
        pieces: list[str] = []
        pos = 0
        for start, end in iter_templates(text):
            pieces.append(text[pos:start])
            pos = end
            name, positional, named = _targs(text[start + 2 : end - 2])
            name = _norm_name(name)
            if name in _LINK_TEMPLATES or name.startswith("l/") or name in ("zh-l", "ja-r", "ja-l", "ko-l", "vi-l"):
                if name.startswith("l/") or name in ("zh-l", "ja-r", "ja-l", "ko-l", "vi-l"):
                    args = positional
                else:
                    args = positional if "lang" in named else positional[1:]
                t = _clean_target(args[0]) if args else ""
                if t:
                    out.append(t)
            elif name in _NYM_TEMPLATES:
                out.extend(_nym_terms(positional, named))
            elif name in ("vern", "taxlink", "w"):
                t = _clean_target(positional[0]) if positional else ""
                if t:
                    out.append(t)
        pieces.append(text[pos:])
        rest = "".join(pieces)
        if out and "[[" not in rest:
            return out
    if "[[" in rest:
        for m in _LINK_RE.finditer(rest):
            target = m.group(1).strip()
            if ":" in target:
                ns = target.split(":", 1)[0].strip().casefold()
                if ns in _LINK_NAMESPACES or ns == "":
                    continue
            t = _clean_target(target.split("#", 1)[0])
            if t:
                out.append(t)
        return out
    if out:
        return out
    # plain text: "foo, bar (dated)"
    plain = _plain(_PARENS_RE.sub("", rest))
    for item in re.split(r"[,;]", plain):
        t = _clean_target(item)
        if t and len(t) <= 60:
            out.append(t)
    return out


def _drop_parens(text: str) -> str:
    """``text`` without its parenthesised asides; parentheses inside ``[[…]]`` links and
    ``{{…}}`` templates are kept (they belong to a target or a parameter)."""
    out: list[str] = []
    i = 0
    n = len(text)
    nest = 0  # inside [[ ]] or {{ }}
    paren = 0
    start = 0
    while i < n:
        two = text[i : i + 2]
        if two in ("[[", "{{"):
            nest += 1
            i += 2
            continue
        if two in ("]]", "}}") and nest:
            nest -= 1
            i += 2
            continue
        c = text[i]
        if not nest:
            if c == "(":
                if paren == 0:
                    out.append(text[start:i])
                paren += 1
            elif c == ")" and paren:
                paren -= 1
                if paren == 0:
                    start = i + 1
        i += 1
    if paren == 0:
        out.append(text[start:])
    return "".join(out)


def _clean_target(value: str) -> str:
    """A relation target as plain text: markup, inline modifiers ("word<q:dated>") and anchors
    removed; "" for thesaurus/appendix pages and placeholders."""
    v = value.strip()
    if not v:
        return ""
    if _TARGET_SPECIAL_RE.search(v) is None:
        return "" if v in ("-", "—", "?") else v.strip(" ,;:")
    if "<" in v:
        v = _PLAIN_SUFFIX_RE.sub("", v).strip()
    if "#" in v and "[[" not in v and "{{" not in v:
        v = v.split("#", 1)[0].strip()
    if any(c in v for c in "[{'&"):
        v = _plain(v)
    if v.startswith(("Thesaurus:", "Wikisaurus:", "Appendix:", "Category:", "Reconstruction:")):
        return ""
    if v in ("-", "—", "?"):
        return ""
    return v.strip(" ,;:")
