"""Walk an English page: language sections, the POS entries of each (homographs numbered per
language, lemma, POS), relation sections shared by the POS of a scope; one Lexeme per POS heading."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from aqea.model import Lexeme, Page, ParseResult, Rejection, RelationRow, Sense
from aqea.wiktionary.en.common import language_code
from aqea.wiktionary.en.etymology import _etymology
from aqea.wiktionary.en.forms import _head
from aqea.wiktionary.en.headings import (
    _ancestors,
    _classify,
    _heading_text,
    _LangContext,
    _owner_pos,
    _Sub,
    heading_pos,
)
from aqea.wiktionary.en.pronunciation import _pronunciation
from aqea.wiktionary.en.relations import _relation_section
from aqea.wiktionary.en.sense_match import _NO_SENSES, _SenseIndex
from aqea.wiktionary.en.senses import _senses
from aqea.wiktionary.en.topics import _topics
from aqea.wiktionary.en.translations import _translations, split_tables
from aqea.wiktionary.guard import collector_paused, parse_guarded
from aqea.wiktionary.guard import reject as _reject
from aqea.wiktionary.sections import Section, split_sections

SOURCE = "enwiktionary"
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_REDIRECT_RE = re.compile(r"\A\s*#\s*REDIRECT\b", re.I)


def parse_page(page: Page, source: str = SOURCE) -> ParseResult:
    """Parse one English Wiktionary page into lexemes. Never raises.

    Non-article namespaces and redirects are ``skipped``; pages without a ``==Language==``
    section or without a part-of-speech heading get a ``rejection``; any internal error becomes
    a ``Rejection(reason="parser error")``.
    """
    return parse_guarded(page, source, _parse, _REDIRECT_RE)


def parse_pages(pages: Sequence[Page], source: str = SOURCE) -> list[ParseResult]:
    """:func:`parse_page` of each page, in order (the pipeline's entry point, as in the German parser), with the
    garbage collector paused (guard.collector_paused)."""
    with collector_paused():
        return [parse_guarded(page, source, _parse, _REDIRECT_RE) for page in pages]


def _parse(page: Page, source: str) -> ParseResult:
    text = page.text or ""
    if "<!--" in text:
        # comments hide headings' tails and list content; drop them once for the whole page
        text = _COMMENT_RE.sub("", text)
    sections = split_sections(text)
    lang_idx = [i for i, s in enumerate(sections) if s.level == 2]
    if not lang_idx:
        n_pos = sum(1 for s in sections if s.level > 2 and heading_pos(s.title))
        detail = f"{n_pos} part-of-speech heading(s) outside any language section" if n_pos else ""
        return _reject(page, source, "no language section", detail)

    lemma = page.title
    lexemes: list[Lexeme] = []
    unknown: dict[str, None] = {}  # ordered set
    seen: Counter[tuple[str, str, str]] = Counter()
    names: list[str] = []
    for n, i in enumerate(lang_idx):
        lang_section = sections[i]
        j = lang_idx[n + 1] if n + 1 < len(lang_idx) else len(sections)
        name = _heading_text(lang_section.title)
        names.append(name)
        language = language_code(name)
        for lx in _language_lexemes(text, lang_section, sections[i + 1 : j], language, lemma, page, source, unknown):
            key = (lx.language, lx.lemma, lx.pos)
            seen[key] += 1
            lexemes.append(_with_homograph(lx, seen[key]))

    if not lexemes:
        langs = ", ".join(dict.fromkeys(names))
        return ParseResult(
            rejection=Rejection(
                source=source,
                title=page.title,
                reason="no part-of-speech section",
                detail=f"language sections: {langs}",
                record_key=page.record_key,
                record_version=page.record_version,
            ),
            unknown_pos=tuple(unknown),
        )
    return ParseResult(lexemes=tuple(lexemes), unknown_pos=tuple(unknown))


def _with_homograph(lx: Lexeme, homograph: int) -> Lexeme:
    if lx.homograph == homograph:
        return lx
    return Lexeme(
        language=lx.language,
        lemma=lx.lemma,
        pos=lx.pos,
        pos_names=lx.pos_names,
        homograph=homograph,
        source=lx.source,
        record_key=lx.record_key,
        record_version=lx.record_version,
        gender=lx.gender,
        ipa=lx.ipa,
        senses=lx.senses,
        relations=lx.relations,
        extra=lx.extra,
    )


def _language_lexemes(
    text: str,
    lang_section: Section,
    secs: list[Section],
    language: str,
    lemma: str,
    page: Page,
    source: str,
    unknown: dict[str, None],
) -> list[Lexeme]:
    subs = _classify(text, lang_section, secs, unknown)
    pos_subs = [s for s in subs if s.kind == "pos"]
    if not pos_subs:
        return []
    ctx = _LangContext(text=text, lang_section=lang_section, subs=subs, language=language, lemma=lemma)
    topics_for = _topics(ctx, pos_subs)
    shared = _shared_sections(subs, pos_subs)
    owners = Counter(s.index for sections in shared.values() for s in sections)
    sole = frozenset(index for index, count in owners.items() if count == 1)
    out: list[Lexeme] = []
    for p in pos_subs:
        lx = _lexeme(ctx, p, shared.get(p.index, []), sole, topics_for.get(p.index, []), page, source)
        out.append(lx)
    divided = [index for index, count in owners.items() if count > 1 and subs[index].kind == "translations"]
    if divided:
        out = _with_divided_translations(ctx, pos_subs, out, shared, divided)
    return out


def _with_divided_translations(
    ctx: _LangContext, pos_subs: list[_Sub], lexemes: list[Lexeme], shared: dict[int, list[_Sub]], divided: list[int]
) -> list[Lexeme]:
    """A Translations section beside several parts of speech: each of its tables goes to the one POS with a sense
    its gloss names (by the table rules, except "the only sense", which says nothing about which POS is meant);
    a table no POS or several claim stays on all of them, on no sense, as before."""
    added: dict[int, list[RelationRow]] = {p.index: [] for p in pos_subs}
    for index in divided:
        owners = [p.index for p in pos_subs if any(s.index == index for s in shared.get(p.index, ()))]
        section = ctx.subs[index]
        body = ctx.text[section.section.body_start : section.intro_end]
        for table in split_tables(body):
            claims = []
            for owner in owners:
                sense, rule = ctx.sense_indexes[owner].table_match(table.gloss, table.table_id)
                if sense and rule != "single sense":
                    claims.append(owner)
            if len(claims) == 1:
                added[claims[0]].extend(_translations(table.text, ctx.sense_indexes[claims[0]]))
            else:
                rows = _translations(table.text, _NO_SENSES)
                for owner in owners:
                    added[owner].extend(rows)
    return [
        replace(lexeme, relations=_dedupe([*lexeme.relations, *added[p.index]])) if added[p.index] else lexeme
        for p, lexeme in zip(pos_subs, lexemes, strict=True)
    ]


def _shared_sections(subs: list[_Sub], pos_subs: list[_Sub]) -> dict[int, list[_Sub]]:
    """Relation/translation sections that sit beside POS headings (not under one): they belong
    to every POS of their scope (the enclosing etymology/pronunciation heading, or the language)."""
    out: dict[int, list[_Sub]] = {}
    loose = [s for s in subs if s.kind in ("relation", "translations") and _owner_pos(subs, s) < 0]
    if not loose:
        return out
    scopes = {p.index: {a.index for a in _ancestors(subs, p)} | {-1} for p in pos_subs}
    for s in loose:
        # a section mis-levelled under another relation section ("=====Translations=====" under
        # "====Synonyms====") belongs where that section does
        owner = s.parent
        while owner >= 0 and subs[owner].kind in ("relation", "translations"):
            owner = subs[owner].parent
        for p in pos_subs:
            if owner in scopes[p.index]:
                out.setdefault(p.index, []).append(s)
    return out


def _lexeme(
    ctx: _LangContext, p: _Sub, shared: list[_Sub], sole: frozenset[int], topics: list[str], page: Page, source: str
) -> Lexeme:
    text = ctx.text
    intro = text[p.section.body_start : p.intro_end]
    extra: dict[str, Any] = {}
    language, lemma = ctx.language, ctx.lemma

    gender: tuple[str, ...] = ()
    head_end = _first_definition(intro)
    head = intro[:head_end]
    if "{{" in head:
        gender, head_name, head_info = _head(head, lemma, p.pos)
        if head_name:
            extra["head_template"] = head_name
        if head_info is not None:
            if head_info.forms:
                extra["forms"] = head_info.forms
            if head_info.head_tags:
                extra["head_tags"] = head_info.head_tags
            if head_info.head_args:
                extra["head_args"] = head_info.head_args

    senses, relations = _senses(intro[head_end:], language, lemma)

    ipa, pron_extra = _pronunciation(ctx, p)
    extra.update(pron_extra)

    ety = _etymology(ctx, p)
    if ety:
        number, ety_text = ety
        if number:
            extra["etymology_number"] = number
        if ety_text:
            extra["etymology"] = ety_text

    # relation sections under this POS, then the shared ones of its scope
    sense_index = ctx.sense_indexes[p.index] = _SenseIndex(senses, lemma)
    rel_subs = [
        s
        for s in ctx.subs[p.index + 1 : p.end_index]
        if s.kind in ("relation", "translations") and _owner_pos(ctx.subs, s) == p.index
    ]
    for s in rel_subs:
        relations.extend(_section_relations(ctx, s, sense_index))
    for s in shared:
        if s.index in sole:
            # beside the only POS of its scope: that POS's own section, matched to its senses
            relations.extend(_section_relations(ctx, s, sense_index))
            continue
        if s.kind == "translations":
            continue  # divided among the POS of its scope table by table, once all are read
        # parsed once for all POS of the scope, and not attached to senses: which POS a
        # "{{sense|…}}" there means is not known
        cached = ctx.shared_cache.get(s.index)
        if cached is None:
            cached = ctx.shared_cache[s.index] = _section_relations(ctx, s, _NO_SENSES)
        relations.extend(cached)

    if topics:
        extra["topics"] = topics

    pos = p.pos
    if senses and pos not in ("inflected_form", "participle", "unknown") and all(s.inflectional for s in senses):
        extra["heading_pos"] = pos
        pos = "inflected_form"

    return Lexeme(
        language=language,
        lemma=lemma,
        pos=pos,
        pos_names=(p.name,),
        homograph=1,
        source=source,
        record_key=page.record_key,
        record_version=page.record_version,
        gender=gender,
        ipa=ipa,
        senses=tuple(
            Sense(
                number=s.number,
                gloss=s.gloss,
                labels=tuple(s.labels),
                examples=tuple(s.examples),
                quotations=tuple(q.freeze() for q in s.quotations),
            )
            for s in senses
            if s.gloss or s.labels
        ),
        relations=_dedupe(relations),
        extra=extra,
    )


def _section_relations(ctx: _LangContext, s: _Sub, senses: _SenseIndex) -> list[RelationRow]:
    body = ctx.text[s.section.body_start : s.intro_end]
    if s.kind == "translations":
        return _translations(body, senses)
    return _relation_section(body, s.relation, ctx.language, ctx.lemma, senses)


def _dedupe(relations: list[RelationRow]) -> tuple[RelationRow, ...]:
    return tuple(dict.fromkeys(relations))  # first occurrence kept, in order


def _first_definition(intro: str) -> int:
    """Offset of the first "#" line of a POS intro (the head part ends there)."""
    if intro.startswith("#"):
        return 0
    i = intro.find("\n#")
    return len(intro) if i < 0 else i + 1
