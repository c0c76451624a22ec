"""The headings of a language section: what each one is (POS from pos_en.json, etymology,
pronunciation, relation, translations, other) and the tree they form (parents, scopes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aqea.model import RelationRow
from aqea.taxonomy import load_table
from aqea.wiktionary.markup import strip_markup
from aqea.wiktionary.sections import Section

# Loaded once per process: heading → POS tables (aqea/taxonomy/pos_en.json).
_POS_TABLE = load_table("pos_en")
POS: dict[str, str] = _POS_TABLE["pos"]
NON_POS: frozenset[str] = frozenset(_POS_TABLE["non_pos"])
_POS_CF: dict[str, str] = {k.casefold(): v for k, v in POS.items()}
_NON_POS_CF: frozenset[str] = frozenset(k.casefold() for k in NON_POS)
# Section headings (casefolded, trailing number removed) that carry relations.
RELATION_SECTIONS: dict[str, str] = {
    "synonyms": "synonym",
    "synonym": "synonym",
    "antonyms": "antonym",
    "antonym": "antonym",
    "hypernyms": "hypernym",
    "hypernym": "hypernym",
    "hyponyms": "hyponym",
    "hyponym": "hyponym",
    "derived terms": "derived",
    "compounds": "derived",
    "related terms": "related",
}
_TRANSLATION_SECTIONS = frozenset({"translations", "translation"})
_ETYMOLOGY_SECTIONS = frozenset({"etymology"})
_PRONUNCIATION_SECTIONS = frozenset({"pronunciation", "ipa"})
_TRAILING_NUMBER_RE = re.compile(r"\s+\d+$")


def heading_pos(title: str) -> str | None:
    """Normalised POS of a heading ("Proper noun" → "proper_noun", "Noun 2" → "noun");
    "" for known non-POS headings ("Etymology 1", "Translations"); None when unknown."""
    key = _heading_key(title)
    pos = _POS_CF.get(key)
    if pos is not None:
        return pos
    if key in _NON_POS_CF:
        return ""
    return None


def _heading_text(title: str) -> str:
    """Heading text with links resolved ("[[Low Saxon]]" → "Low Saxon"); templates kept."""
    if "[[" in title or "'" in title or "<" in title:
        plain = strip_markup(title)
        if plain:
            return plain
    return title.strip()


def _heading_key(title: str) -> str:
    return _TRAILING_NUMBER_RE.sub("", _heading_text(title)).casefold()


@dataclass(slots=True)
class _Sub:
    """One heading inside a language section, classified."""

    section: Section
    index: int
    kind: str  # "pos", "etymology", "pronunciation", "relation", "translations", "other"
    name: str  # heading text as written (links resolved)
    pos: str = ""  # normalised POS for kind "pos" ("unknown" when not in the table)
    relation: str = ""  # relation kind for kind "relation"
    parent: int = -1  # index of the enclosing heading inside the language section (-1 = language)
    intro_end: int = 0  # end of the text before the first subheading
    end_index: int = 0  # index after the last descendant


def _classify(text: str, lang_section: Section, secs: list[Section], unknown: dict[str, None]) -> list[_Sub]:
    subs: list[_Sub] = []
    stack: list[int] = []
    n = len(secs)
    for i, s in enumerate(secs):
        while stack and secs[stack[-1]].end <= s.start:
            stack.pop()
        parent = stack[-1] if stack else -1
        stack.append(i)
        intro_end = secs[i + 1].start if i + 1 < n else lang_section.end
        name = _heading_text(s.title)
        key = _TRAILING_NUMBER_RE.sub("", name).casefold()
        sub = _Sub(section=s, index=i, kind="other", name=name, parent=parent, intro_end=intro_end)
        pos = _POS_CF.get(key)
        if pos is not None:
            sub.kind, sub.pos = "pos", pos
        elif key in _ETYMOLOGY_SECTIONS:
            sub.kind = "etymology"
        elif key in _PRONUNCIATION_SECTIONS:
            sub.kind = "pronunciation"
        elif key in _TRANSLATION_SECTIONS:
            sub.kind = "translations"
        elif key in RELATION_SECTIONS:
            sub.kind, sub.relation = "relation", RELATION_SECTIONS[key]
        elif key not in _NON_POS_CF:
            unknown[name] = None
            if _has_definitions(text, s.body_start, intro_end):
                sub.kind, sub.pos = "pos", "unknown"  # an entry under a heading we do not know
        subs.append(sub)
    # descendants: indices up to the first heading starting at or after the section's end
    for i, sub in enumerate(subs):
        j = i + 1
        end = sub.section.end
        while j < n and secs[j].start < end:
            j += 1
        sub.end_index = j
    return subs


def _has_definitions(text: str, start: int, end: int) -> bool:
    i = text.find("\n#", start - 1 if start > 0 else 0, end)
    while i >= 0:
        nxt = text[i + 2 : i + 3]
        if nxt not in (":", "*"):
            return True
        i = text.find("\n#", i + 2, end)
    return False


def _owner_pos(subs: list[_Sub], sub: _Sub) -> int:
    """Index of the nearest enclosing POS heading (-1 when none): a mis-levelled POS nested in
    another keeps its own relation sections."""
    p = sub.parent
    while p >= 0:
        if subs[p].kind == "pos":
            return p
        p = subs[p].parent
    return -1


def _ancestors(subs: list[_Sub], sub: _Sub) -> list[_Sub]:
    out: list[_Sub] = []
    p = sub.parent
    while p >= 0:
        out.append(subs[p])
        p = subs[p].parent
    return out


@dataclass(slots=True)
class _LangContext:
    text: str
    lang_section: Section
    subs: list[_Sub]
    language: str
    lemma: str
    pron_cache: dict[int, tuple[tuple[str, ...], dict[str, Any]]] = field(default_factory=dict)
    ety_cache: dict[int, tuple[int, str]] = field(default_factory=dict)
    shared_cache: dict[int, list[RelationRow]] = field(default_factory=dict)
    sense_indexes: dict[int, Any] = field(default_factory=dict)  # POS heading index → its _SenseIndex
    _pron_children: dict[int, list[_Sub]] | None = None
    _loose_ety: list[_Sub | None] | None = None

    def pron_children(self) -> dict[int, list[_Sub]]:
        """Pronunciation headings by the index of their parent heading (-1 = the language)."""
        if self._pron_children is None:
            out: dict[int, list[_Sub]] = {}
            for s in self.subs:
                if s.kind == "pronunciation":
                    out.setdefault(s.parent, []).append(s)
            self._pron_children = out
        return self._pron_children

    def loose_etymology(self) -> _Sub | None:
        """The first Etymology heading with no POS heading under it (the language's own)."""
        if self._loose_ety is None:
            holds_pos: set[int] = set()
            for s in self.subs:
                if s.kind == "pos":
                    holds_pos.update(a.index for a in _ancestors(self.subs, s))
            first = next((s for s in self.subs if s.kind == "etymology" and s.index not in holds_pos), None)
            self._loose_ety = [first]
        return self._loose_ety[0]
