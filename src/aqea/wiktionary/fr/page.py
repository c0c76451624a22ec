"""Walk a French page: language sections, part-of-speech sections, homographs → Lexemes.

Layout::

    == {{langue|fr}} ==                       language section (level 2) → language code
    === {{S|étymologie}} ===                  language-level: etymology, pronunciation, …
    === {{S|nom|fr|num=2}} ===                part-of-speech section → one Lexeme (num = homograph)
    '''chat''' {{pron|ʃa|fr}} {{m}}           headword line: IPA, gender
    # definition / #* example                 senses
    ==== {{S|synonymes}} ====                 word lists and translations of that POS
    === {{S|verbe|fr|flexion}} ===            inflected form → pos "inflected_form" + form_of

A section is a part of speech when its ``{{S|name|…}}`` name is in pos_fr.json's "pos"; a name in
neither "pos" nor "non_pos" is reported in ``unknown_pos`` and, when it holds ``#`` definitions,
still gives a lexeme with pos "unknown". Lemma = page title. Homograph = 1-based among
(language, lemma, pos) in page order (the page's ``num=`` is kept in ``extra["homograph_num"]``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any, NamedTuple

from aqea.model import Lexeme, Page, ParseResult, RelationRow
from aqea.wiktionary.fr.forms import form_of
from aqea.wiktionary.fr.pronunciation import headword_line, read_headword, section_ipa
from aqea.wiktionary.fr.relations import word_relations
from aqea.wiktionary.fr.senses import parse_senses
from aqea.wiktionary.fr.tables import NON_POS, POS, RELATION_SECTIONS, language_code
from aqea.wiktionary.fr.text import plain
from aqea.wiktionary.fr.translations import translations
from aqea.wiktionary.guard import reject
from aqea.wiktionary.markup import template_args
from aqea.wiktionary.sections import Section, children, split_sections

REDIRECT_RE = re.compile(r"\A\s*#\s*(?:REDIRECT|REDIRECTION)\b", re.I)
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_LANGUE_RE = re.compile(r"\{\{\s*langue\s*\|([^|{}]*)")
_S_RE = re.compile(r"\{\{\s*S\s*\|([^{}]*)\}\}")
_TRANSLATION_SECTIONS = frozenset({"traductions", "traductions à trier", "trad"})
_PRONUNCIATION_SECTIONS = frozenset({"prononciation", "pron"})
_ETYMOLOGY_SECTIONS = frozenset({"étymologie", "étym"})
MAX_ETYMOLOGY = 1000  # characters of plain etymology text kept


class Heading(NamedTuple):
    """What ``{{S|nom|fr|flexion|num=2}}`` says."""

    name: str  # "nom", as written
    key: str  # lower-cased name, the tables' key
    flexion: bool
    num: str


def heading(title: str) -> Heading | None:
    m = _S_RE.search(title)
    if m is None:
        return None
    _s, positional, named = template_args("S|" + m.group(1))
    if not positional or not positional[0]:
        return None
    return Heading(positional[0], positional[0].lower(), "flexion" in positional[1:], named.get("num", ""))


def parse(page: Page, source: str) -> ParseResult:
    text = page.text or ""
    if "<!--" in text:
        text = _COMMENT_RE.sub("", text)  # comments hide headings' tails
    sections = split_sections(text)
    languages = [(s, m.group(1).strip()) for s in sections if s.level == 2 and (m := _LANGUE_RE.search(s.title))]
    if not languages:
        n_pos = sum(1 for s in sections if (h := heading(s.title)) and h.key in POS)
        detail = f"{n_pos} part-of-speech heading(s) outside any language section" if n_pos else ""
        return reject(page, source, "no language section", detail)

    lexemes: list[Lexeme] = []
    unknown: dict[str, None] = {}  # ordered set
    seen: Counter[tuple[str, str, str]] = Counter()
    for section, code in languages:
        language = language_code(code)
        for lexeme in _language_lexemes(page, source, text, sections, section, language, unknown):
            key = (lexeme.language, lexeme.lemma, lexeme.pos)
            seen[key] += 1
            lexemes.append(_with_homograph(lexeme, seen[key]))
    if not lexemes:
        codes = ", ".join(dict.fromkeys(code for _s, code in languages))
        result = reject(page, source, "no part-of-speech section", f"language sections: {codes}")
        return ParseResult(rejection=result.rejection, unknown_pos=tuple(unknown))
    return ParseResult(lexemes=tuple(lexemes), unknown_pos=tuple(unknown))


def _with_homograph(lexeme: Lexeme, homograph: int) -> Lexeme:
    return lexeme if lexeme.homograph == homograph else replace(lexeme, homograph=homograph)


def _language_lexemes(
    page: Page, source: str, text: str, sections: list[Section], lang: Section, language: str, unknown: dict[str, None]
) -> list[Lexeme]:
    subs = [(s, heading(s.title)) for s in children(sections, lang)]
    pos_sections: list[tuple[Section, Heading]] = []
    shared: list[tuple[Section, Heading]] = []  # language-level sections (not inside a POS section)
    for s, h in subs:
        if h is None:
            continue
        inside = any(p.start < s.start < p.end for p, _h in pos_sections)
        if h.key in POS or h.key not in NON_POS:
            if inside:
                continue  # a POS heading nested in another POS section: a page error, not guessed at
            if h.key not in POS:
                unknown[h.name] = None
            pos_sections.append((s, h))
        elif not inside:
            shared.append((s, h))

    etymology = next((_etymology(text[s.body_start : s.end]) for s, h in shared if h.key in _ETYMOLOGY_SECTIONS), "")
    shared_ipa = [
        ipa for s, h in shared if h.key in _PRONUNCIATION_SECTIONS for ipa in section_ipa(text[s.body_start : s.end])
    ]
    lexemes: list[Lexeme] = []
    for s, h in pos_sections:
        own_end = next((c.start for c in children(sections, s)), s.end)
        own = text[s.body_start : own_end]
        if h.key not in POS and "\n#" not in "\n" + own:
            continue  # an unknown section without definitions is no entry
        lexemes.append(_lexeme(page, source, text, sections, s, h, own, language, etymology, shared_ipa))
    return lexemes


def _lexeme(
    page: Page,
    source: str,
    text: str,
    sections: list[Section],
    s: Section,
    h: Heading,
    own: str,
    language: str,
    etymology: str,
    shared_ipa: list[str],
) -> Lexeme:
    senses = parse_senses(own)
    head = read_headword(headword_line(own))
    relations: list[RelationRow] = []
    section_ipa_values = list(shared_ipa)
    for c in children(sections, s, level=s.level + 1):  # a child's body holds its own subsections
        ch = heading(c.title)
        if ch is None:
            continue
        body = text[c.body_start : c.end]
        if ch.key in _TRANSLATION_SECTIONS:
            relations.extend(translations(body, senses))
        elif ch.key in RELATION_SECTIONS:
            relations.extend(word_relations(body, RELATION_SECTIONS[ch.key], ch.name, language, senses))
        elif ch.key in _PRONUNCIATION_SECTIONS:
            section_ipa_values.extend(section_ipa(body))
    pos = POS.get(h.key, "unknown")
    extra: dict[str, Any] = {}
    if h.flexion:
        relations[:0] = form_of(own, language, [x.number for x in senses])
        extra["heading_pos"] = pos
        pos = "inflected_form"
    if h.num:
        extra["homograph_num"] = h.num
    if head.gender_unknown:
        extra["gender_unknown"] = True
    if section_ipa_values:
        extra["pronunciation_section_ipa"] = list(dict.fromkeys(section_ipa_values))
    if etymology:
        extra["etymology"] = etymology
    return Lexeme(
        language=language,
        lemma=page.title,
        pos=pos,
        pos_names=(h.name, "flexion") if h.flexion else (h.name,),
        homograph=1,
        source=source,
        record_key=page.record_key,
        record_version=page.record_version,
        gender=head.gender,
        ipa=head.ipa,
        senses=tuple(x for x in senses if x.gloss or x.labels or x.examples),  # "# " alone is no sense
        relations=tuple(dict.fromkeys(relations)),  # the same relation twice on a page counts once
        extra=extra,
    )


def _etymology(body: str) -> str:
    """Plain text of an etymology section, capped."""
    lines = [line.lstrip(":*# ") for line in body.split("\n") if line.strip() and not line.startswith("=")]
    return plain(" ".join(lines))[:MAX_ETYMOLOGY]
